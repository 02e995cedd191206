"""Offer rules as pure functions. Each returns a list of FieldError; the API, forms and services share them."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from plumbing.input_rules import BIGINT_MAX, INTEGER_MAX, has_unpaired_surrogate, input_problem, parse_ascii_int
from plumbing.posting_html import sanitize_html, visible_text
from plumbing.times import iso_z

from .models import (
    FIELDS,
    FIELDS_MAX,
    FIELDS_MIN,
    JOB_TYPES,
    MAX_CONCURRENT_OFFERS,
    MAX_PUBLISH_WINDOW,
    TECHNOLOGIES,
    TECHNOLOGIES_MAX,
    TECHNOLOGIES_MIN,
)

TITLE_MAX = 90
DESCRIPTION_MAX_VISIBLE = 1500
# The raw HTML around those 1500 visible characters: generous for markup, bounded for storage and sanitizing.
DESCRIPTION_MAX_RAW = 50_000
LOCATION_MAX = 150
ITEM_MAX = 500
# How many lines contacts and requirements may hold (the partner API's lists take as many).
ITEMS_MAX = 50

_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_HTTP_URL = re.compile(r"^https?://\S+\.\S+$", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$", re.IGNORECASE)


LATEST_DATE = datetime(9999, 1, 1)
# The largest whole number an integer column holds (durations, vacancies).
INT_COLUMN_MAX = INTEGER_MAX
# The refusal of a larger number, spelled out like must-be-greater-than-or-equal-to-1 (clients match on it).
TOO_LARGE_FOR_COLUMN = "must-be-less-than-or-equal-to-2147483647"
# applyURL's column.
APPLY_URL_MAX = 500


@dataclass(frozen=True)
class FieldError:
    param: str
    msg: str
    value: Any = None
    location: str = "body"


class Missing:
    """Marks a field absent from the body (unlike None, which clears)."""


MISSING = Missing()


def parse_iso8601(value: Any) -> datetime | None:
    """Strict ISO 8601 (date or date-time); naive values are UTC. None when unreadable."""
    if not isinstance(value, str) or not _ISO_8601.match(value):
        return None
    try:
        if "T" not in value:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.replace(tzinfo=None) >= LATEST_DATE:
        # Windows are computed up to six months past a date; beyond this they would overflow datetime.
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    try:
        # In UTC, as stored: "0001-01-01T00:00+05:00" falls before year 1, which no datetime (and no reader of
        # the column) can hold; refused here rather than stored as a BC timestamp that every later read fails on.
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        return None


def parse_id(value) -> int | None:
    """Ids arrive as strings or integers; anything else names nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Past a bigint the id names nothing, and must not reach the database (SQLite overflows).
        return value if 0 < value <= BIGINT_MAX else None
    # ASCII digits only: "²" passes isdigit() but int() refuses it, and "١" would name offer 1 a second way.
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value) or None
    return None


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def _echo(value: Any) -> Any:
    """The value an error shows back: not one holding an unpaired surrogate, which no client could read."""
    return None if input_problem(value) is not None else value


def contains_unstorable_text(value: Any) -> bool:
    """NUL (PostgreSQL text refuses it) or an unpaired surrogate (no UTF-8 encoder takes it), at any depth."""
    return contains_nul(value) or input_problem(value) is not None


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def must_be_in(values: Iterable[str]) -> str:
    return "must-be-in:[" + ", ".join(values) + "]"


def _string(param, value, *, required, max_length=None) -> list[FieldError]:
    if not isinstance(value, str):
        return [FieldError(param, "must-be-string", value)]
    if required and not value.strip():
        return [FieldError(param, "required", value)]
    if max_length and len(value) > max_length:
        return [FieldError(param, f"max-length-exceeded:{max_length}", value)]
    return []


def _enum_list(param, value, allowed, min_size, max_size) -> list[FieldError]:
    if not isinstance(value, list):
        return [FieldError(param, "must-be-array", value)]
    if not min_size <= len(value) <= max_size:
        return [FieldError(param, f"size-must-be-between:[{min_size},{max_size}]", value)]
    if any(not isinstance(v, str) or v not in allowed for v in value):
        return [FieldError(param, must_be_in(allowed), value)]
    if len(set(value)) != len(value):
        return [FieldError(param, "duplicate-values", value)]
    return []


def _string_list(param, value, *, max_item=ITEM_MAX) -> list[FieldError]:
    if not isinstance(value, list):
        return [FieldError(param, "must-be-array", value)]
    if len(value) < 1:
        return [FieldError(param, "below-min-length:1", value)]
    if len(value) > ITEMS_MAX:
        return [FieldError(param, f"size-must-be-between:[1,{ITEMS_MAX}]", value)]
    for item in value:
        if not isinstance(item, str) or not item.strip():
            return [FieldError(param, "must-be-string", value)]
        if len(item) > max_item:
            return [FieldError(param, f"max-length-exceeded:{max_item}", value)]
    return []


def _positive_int(param, value) -> list[FieldError]:
    if not is_int(value):
        return [FieldError(param, "must-be-int", value)]
    if value < 1:
        return [FieldError(param, "must-be-greater-than-or-equal-to-1", value)]
    if value > INT_COLUMN_MAX:
        return [FieldError(param, TOO_LARGE_FOR_COLUMN, value)]
    return []


def apply_url_errors(value) -> list[FieldError]:
    if not isinstance(value, str):
        return [FieldError("applyURL", "must-be-string", value)]
    if len(value) > APPLY_URL_MAX:
        return [FieldError("applyURL", f"max-length-exceeded:{APPLY_URL_MAX}", value)]
    if _MAILTO.match(value):
        return []
    if not _HTTP_URL.match(value) or apply_url_host(value) is None:
        return [FieldError("applyURL", "invalid-apply-url", value)]
    return []


def apply_url_host(url: str) -> str | None:
    """The host a browser visits for this http(s) URL, as a person should read it; None when that is in doubt.

    Browsers read a backslash as a slash and skip a userinfo (`user@`), so `https://evil.example\\@good.example/`
    goes to evil.example while a plain URL parser says good.example: such URLs are refused outright. A host
    outside ASCII is named in the IDNA form the browser will ask DNS for, so look-alike letters show as what
    they are."""
    if "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host


def coordinates_errors(value) -> list[FieldError]:
    if not isinstance(value, list):
        return [FieldError("coordinates", "must-be-array", value)]
    if len(value) != 2:
        return [FieldError("coordinates", "size-must-be-between:[2,2]", value)]
    lng, lat = value
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    if not numeric or not (-180 <= lng <= 180 and -90 <= lat <= 90):
        return [FieldError("coordinates", "must-be-in:[[-180,180],[-90,90]]", value)]
    return []


def offer_body_errors(body: Mapping, *, stored: Mapping | None, now: datetime) -> tuple[list[FieldError], dict]:
    """Validates a create (stored=None) or edit body against the stored offer.

    Returns (errors, clean) where clean maps model field names to the values to write.
    """
    if not isinstance(body, Mapping):
        return [FieldError("body", "must-be-object", None)], {}
    # No database stores NUL or an unpaired surrogate; refuse them here rather than fail at the database (or, on
    # SQLite, store a surrogate inside a JSON list that no page can then render).
    with_nul = [
        FieldError(name, "must-be-string", _echo(value))
        for name, value in body.items()
        if contains_unstorable_text(value)
    ]
    if any(isinstance(name, str) and has_unpaired_surrogate(name) for name in body):
        with_nul.append(FieldError("body", "must-be-string", None))
    if with_nul:
        return with_nul, {}
    creating = stored is None
    stored = stored or {}
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}

    def get(name):
        return body.get(name, MISSING)

    def required_missing(name) -> bool:
        if get(name) is MISSING or get(name) is None:
            if creating or get(name) is None:
                errors.append(FieldError(name, "required", None if get(name) is MISSING else get(name)))
                return True
            return True  # absent on edit: keep what is stored
        return False

    # title
    if not required_missing("title"):
        found = _string("title", get("title"), required=True, max_length=TITLE_MAX)
        errors += found
        if not found:
            clean["title"] = get("title").strip()

    # dates
    publish_date = stored.get("publish_date") if not creating else now
    if get("publishDate") is not MISSING:
        raw = get("publishDate")
        parsed = parse_iso8601(raw)
        if parsed is None:
            errors.append(FieldError("publishDate", "must-be-ISO8601-date", raw))
            publish_date = None
        elif parsed <= now:
            errors.append(FieldError("publishDate", "date-already-past", raw))
            publish_date = None
        else:
            publish_date = clean["publish_date"] = parsed
    elif creating:
        clean["publish_date"] = now

    if not required_missing("publishEndDate"):
        raw = get("publishEndDate")
        parsed = parse_iso8601(raw)
        if parsed is None:
            errors.append(FieldError("publishEndDate", "must-be-ISO8601-date", raw))
        elif parsed <= now:
            errors.append(FieldError("publishEndDate", "date-already-past", raw))
        elif publish_date is not None and parsed <= publish_date:
            errors.append(FieldError("publishEndDate", "must-be-after:publishDate", raw))
        elif publish_date is not None and parsed > publish_date + MAX_PUBLISH_WINDOW:
            errors.append(
                FieldError("publishEndDate", f"must-be-before:{iso_z(publish_date + MAX_PUBLISH_WINDOW)}", raw)
            )
        else:
            clean["publish_end_date"] = parsed
    elif "publish_date" in clean and not creating:
        # A new start must still leave the stored end after it and within six months.
        end = stored["publish_end_date"]
        if end <= publish_date:
            errors.append(FieldError("publishDate", "must-be-before:publishEndDate", get("publishDate")))
        elif end > publish_date + MAX_PUBLISH_WINDOW:
            errors.append(
                FieldError("publishDate", f"must-be-after:{iso_z(end - MAX_PUBLISH_WINDOW)}", get("publishDate"))
            )

    # durations
    min_duration = stored.get("job_min_duration")
    if not required_missing("jobMinDuration"):
        found = _positive_int("jobMinDuration", get("jobMinDuration"))
        errors += found
        min_duration = None if found else get("jobMinDuration")
        if not found:
            clean["job_min_duration"] = min_duration
    elif creating:
        min_duration = None
    if get("jobMaxDuration") is not MISSING and get("jobMaxDuration") is not None:
        raw = get("jobMaxDuration")
        found = _positive_int("jobMaxDuration", raw)
        if found:
            errors += found
        elif get("jobMinDuration") is MISSING and not stored.get("job_min_duration"):
            errors.append(FieldError("jobMaxDuration", "job-max-duration-requires-job-min-duration", raw))
        elif min_duration is not None and raw < min_duration:
            errors.append(FieldError("jobMaxDuration", "must-be-greater-than-or-equal-to:jobMinDuration", raw))
        else:
            clean["job_max_duration"] = raw
    elif get("jobMaxDuration") is None:
        clean["job_max_duration"] = None
    elif "job_min_duration" in clean and stored.get("job_max_duration") and stored["job_max_duration"] < min_duration:
        errors.append(
            FieldError("jobMaxDuration", "must-be-greater-than-or-equal-to:jobMinDuration", stored["job_max_duration"])
        )

    # optional, nullable
    if get("jobStartDate") is not MISSING:
        raw = get("jobStartDate")
        parsed = None if raw is None else parse_iso8601(raw)
        if raw is not None and parsed is None:
            errors.append(FieldError("jobStartDate", "must-be-ISO8601-date", raw))
        else:
            clean["job_start_date"] = parsed
    if get("isPaid") is not MISSING:
        raw = get("isPaid")
        if raw is not None and not isinstance(raw, bool):
            errors.append(FieldError("isPaid", "must-be-boolean", raw))
        else:
            clean["is_paid"] = raw
    nullable_checks = (
        ("vacancies", "vacancies", lambda raw: _positive_int("vacancies", raw)),
        ("applyURL", "apply_url", apply_url_errors),
        ("coordinates", "coordinates", coordinates_errors),
    )
    for name, field, check in nullable_checks:
        if get(name) is not MISSING:
            raw = get(name)
            found = [] if raw is None else check(raw)
            errors += found
            if not found:
                clean[field] = raw

    # description: sanitized HTML, visible text counted
    if not required_missing("description"):
        raw = get("description")
        found = _string("description", raw, required=True, max_length=DESCRIPTION_MAX_RAW)
        if not found:
            text = visible_text(raw)
            if not text:
                found = [FieldError("description", "required", raw)]
            elif len(text) > DESCRIPTION_MAX_VISIBLE:
                found = [FieldError("description", f"max-length-exceeded:{DESCRIPTION_MAX_VISIBLE}", raw)]
            else:
                clean["description"] = sanitize_html(raw)
        errors += found

    if not required_missing("jobType"):
        raw = get("jobType")
        if raw not in JOB_TYPES:
            errors.append(FieldError("jobType", must_be_in(JOB_TYPES), raw))
        else:
            clean["job_type"] = raw

    for name, allowed, lo, hi in (
        ("fields", FIELDS, FIELDS_MIN, FIELDS_MAX),
        ("technologies", TECHNOLOGIES, TECHNOLOGIES_MIN, TECHNOLOGIES_MAX),
    ):
        if not required_missing(name):
            found = _enum_list(name, get(name), allowed, lo, hi)
            errors += found
            if not found:
                clean[name] = list(get(name))

    for name in ("contacts", "requirements"):
        if not required_missing(name):
            found = _string_list(name, get(name))
            errors += found
            if not found:
                clean[name] = [item.strip() for item in get(name)]

    if not required_missing("location"):
        found = _string("location", get("location"), required=True, max_length=LOCATION_MAX)
        errors += found
        if not found:
            clean["location"] = get("location").strip()

    if get("isHidden") is not MISSING:
        raw = get("isHidden")
        if not isinstance(raw, bool):
            errors.append(FieldError("isHidden", "must-be-boolean", raw))
        elif creating:
            clean["is_hidden"] = raw

    return errors, clean


def search_params_errors(params) -> tuple[list[FieldError], dict]:
    """Search parameters (a QueryDict) are validated like body fields, reported with location "query".

    Returns (errors, clean) where clean holds the OfferSearch keyword arguments.
    """
    errors: list[FieldError] = []

    def bad(param, msg, value):
        errors.append(FieldError(param, msg, value, location="query"))

    for name, values in params.lists():
        if has_unpaired_surrogate(name):
            bad("query", "must-be-string", None)
        elif any(contains_unstorable_text(v) for v in values):
            bad(name, "must-be-string", _echo(values))
    if errors:
        return errors, {}
    job_type = params.get("jobType")
    if job_type is not None and job_type not in JOB_TYPES:
        bad("jobType", must_be_in(JOB_TYPES), job_type)
    lists = {}
    for name, allowed in (("fields", FIELDS), ("technologies", TECHNOLOGIES)):
        # Array parameters may be repeated (fields=A&fields=B) or sent as fields[]=A.
        values = params.getlist(name) + params.getlist(f"{name}[]")
        if any(v not in allowed for v in values):
            bad(name, must_be_in(allowed), values)
        lists[name] = tuple(dict.fromkeys(values))
    ints = {}
    for name in ("jobMinDuration", "jobMaxDuration", "limit"):
        raw = params.get(name)
        if raw is None:
            continue
        value = parse_ascii_int(raw)
        if value is None:
            bad(name, "must-be-int", raw)
        elif name == "limit" and not 1 <= value <= 100:
            bad(name, "size-must-be-between:[1,100]", raw)
        elif value < 1:
            bad(name, "must-be-greater-than-or-equal-to-1", raw)
        elif value > INT_COLUMN_MAX:
            # Compared with the duration columns: a larger number is no duration an offer can have.
            bad(name, TOO_LARGE_FOR_COLUMN, raw)
        else:
            ints[name] = value
    if "jobMinDuration" in ints and "jobMaxDuration" in ints and ints["jobMaxDuration"] < ints["jobMinDuration"]:
        bad("jobMaxDuration", "must-be-greater-than-or-equal-to:jobMinDuration", params.get("jobMaxDuration"))
    show_hidden = params.get("showHidden")
    if show_hidden is not None and show_hidden not in ("true", "false"):
        bad("showHidden", "must-be-boolean", show_hidden)
    value = params.get("value", "")
    if len(value) > 200:
        bad("value", "max-length-exceeded:200", value)
    if errors:
        return errors, {}
    return [], {
        "value": value,
        "job_type": job_type,
        "fields": lists["fields"],
        "technologies": lists["technologies"],
        "job_min_duration": ints.get("jobMinDuration"),
        "job_max_duration": ints.get("jobMaxDuration"),
        "show_hidden": show_hidden == "true",
        "limit": ints.get("limit", 20),
        "query_token": params.get("queryToken") or None,
    }


def concurrent_window_errors(params, *, now: datetime) -> tuple[list[FieldError], tuple[datetime, datetime] | None]:
    """The window a concurrent-limit question asks about: publishDate defaults to now, publishEndDate to six months on.

    Returns (errors, (start, end)); the window is None when there are errors.
    """
    dates, errors = {}, []
    for name in ("publishDate", "publishEndDate"):
        raw = params.get(name)
        if raw is not None:
            dates[name] = parse_iso8601(raw)
            if dates[name] is None:
                errors.append(FieldError(name, "must-be-ISO8601-date", raw, location="query"))
    if errors:
        return errors, None
    start = dates.get("publishDate") or now
    end = dates.get("publishEndDate") or start + MAX_PUBLISH_WINDOW
    if end <= start:
        raw_end = params.get("publishEndDate")
        return [FieldError("publishEndDate", "must-be-after:publishDate", raw_end, location="query")], None
    return [], (start, end)


def _coverage(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, int]]:
    """Sweep over the endpoints of half-open [start, end) intervals.

    Returns (instant, count) pairs, one per distinct endpoint: count is how many intervals cover the time from
    that instant until the next one. Ends and starts at one instant are netted, so touching windows never
    count as overlapping.
    """
    deltas: dict[datetime, int] = {}
    for start, end in intervals:
        if start < end:
            deltas[start] = deltas.get(start, 0) + 1
            deltas[end] = deltas.get(end, 0) - 1
    current, coverage = 0, []
    for instant in sorted(deltas):
        current += deltas[instant]
        coverage.append((instant, current))
    return coverage


def max_overlap(intervals: Iterable[tuple[datetime, datetime]]) -> int:
    """Largest number of half-open [start, end) intervals covering one instant."""
    return max((count for _, count in _coverage(intervals)), default=0)


def full_period(
    new_window: tuple[datetime, datetime],
    others: Iterable[tuple[datetime, datetime]],
    *,
    limit: int = MAX_CONCURRENT_OFFERS,
) -> tuple[datetime, datetime] | None:
    """The first stretch of time, meeting new_window, during which the others already hold every slot.

    None when new_window fits. The stretch is not clipped to new_window, so a refusal can say which
    dates to avoid.
    """
    start, end = new_window
    if start >= end:
        return None
    coverage = _coverage(others)
    for i, (instant, count) in enumerate(coverage):
        if count < limit or (i and coverage[i - 1][1] >= limit):
            continue
        # A full stretch opens here; it closes at the first instant where a slot frees up.
        closes = next(at for at, later in coverage[i + 1 :] if later < limit)
        if instant < end and closes > start:
            return instant, closes
    return None


def exceeds_concurrent_limit(
    new_window: tuple[datetime, datetime], others: Iterable[tuple[datetime, datetime]]
) -> bool:
    """Would adding new_window make some instant see more than the allowed number of offers?"""
    return full_period(new_window, others) is not None
