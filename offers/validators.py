"""Offer rules as pure functions returning {model field: RuleError}; shared by the API, the forms and the services.

Keys are model field names (`publish_end_date`, `fields`). A RuleError holds a code (the NIJobs message
identifier clients match on) and its parameters as data (`{"max": 90}`, `{"field": "publish_date"}`,
`{"limit": <datetime>}`): the offers API spells them as its contract says (offers/api/messages.py), the
dashboard form as sentences (offers/forms.py). Values arrive typed; reading JSON or a query string is the
API's work. Rules that need the stored offer take it as an argument, so the functions stay pure.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict
from urllib.parse import urlsplit

from plumbing.input_rules import INTEGER_MAX, input_problem
from plumbing.posting_html import visible_text

from .models import (
    FIELDS,
    FIELDS_MAX,
    FIELDS_MIN,
    JOB_TYPES,
    MAX_PUBLISH_WINDOW,
    TECHNOLOGIES,
    TECHNOLOGIES_MAX,
    TECHNOLOGIES_MIN,
    Offer,
)

TITLE_MAX = 90
DESCRIPTION_MAX_VISIBLE = 1500
# The raw HTML around those 1500 visible characters: generous for markup, bounded for storage and sanitizing.
DESCRIPTION_MAX_RAW = 50_000
LOCATION_MAX = 150
ITEM_MAX = 500
# How many lines contacts and requirements may hold (the partner API's lists take as many).
ITEMS_MAX = 50
# The largest whole number an integer column holds (durations, vacancies).
INT_COLUMN_MAX = INTEGER_MAX
# applyURL's column.
APPLY_URL_MAX = 500
# The last instant a publication date may take, so that a window from it still fits in a datetime.
LATEST_DATE = datetime.max - 2 * MAX_PUBLISH_WINDOW
LONGITUDE = (-180, 180)
LATITUDE = (-90, 90)

# The codes, as clients know them. Two name their bound in the identifier itself.
REQUIRED = "required"
MUST_BE_STRING = "must-be-string"
NOT_A_DATE = "must-be-ISO8601-date"
DATE_ALREADY_PAST = "date-already-past"
MUST_BE_AFTER = "must-be-after"
MUST_BE_BEFORE = "must-be-before"
MAX_LENGTH = "max-length-exceeded"
BELOW_MIN_LENGTH = "below-min-length"
AT_LEAST_ONE = "must-be-greater-than-or-equal-to-1"
TOO_LARGE_FOR_COLUMN = "must-be-less-than-or-equal-to-2147483647"
AT_LEAST_FIELD = "must-be-greater-than-or-equal-to"
NEEDS_MIN_DURATION = "job-max-duration-requires-job-min-duration"
SIZE_BETWEEN = "size-must-be-between"
MUST_BE_IN = "must-be-in"
DUPLICATE_VALUES = "duplicate-values"
INVALID_APPLY_URL = "invalid-apply-url"

_HTTP_URL = re.compile(r"^https?://\S+\.\S+$", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class RuleError:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


Errors = dict[str, RuleError]


class OfferData(TypedDict, total=False):
    """An offer's writable fields by model name, typed; a create sends the required ones, an edit any subset
    (None clears an optional one)."""

    title: str
    publish_date: datetime
    publish_end_date: datetime
    job_min_duration: int
    job_max_duration: int | None
    job_start_date: datetime | None
    description: str
    contacts: list[str]
    requirements: list[str]
    is_paid: bool | None
    vacancies: int | None
    job_type: str
    fields: list[str]
    technologies: list[str]
    location: str
    coordinates: list[float] | None
    apply_url: str | None
    is_hidden: bool


REQUIRED_ON_CREATE = (
    "title",
    "publish_end_date",
    "job_min_duration",
    "description",
    "job_type",
    "fields",
    "technologies",
    "contacts",
    "requirements",
    "location",
)


def text_errors(name: str, value: str, *, max_length: int) -> Errors:
    """A required text: something besides spaces, within its length."""
    if not value.strip():
        return {name: RuleError(REQUIRED)}
    if len(value) > max_length:
        return {name: RuleError(MAX_LENGTH, {"max": max_length})}
    return {}


def title_errors(title: str) -> Errors:
    return text_errors("title", title, max_length=TITLE_MAX)


def location_errors(location: str) -> Errors:
    return text_errors("location", location, max_length=LOCATION_MAX)


def description_errors(description: str) -> Errors:
    """Sanitized HTML: the raw text is bounded for storage, the visible text (tags not counted) for people."""
    found = text_errors("description", description, max_length=DESCRIPTION_MAX_RAW)
    if found:
        return found
    text = visible_text(description)
    if not text:
        return {"description": RuleError(REQUIRED)}
    if len(text) > DESCRIPTION_MAX_VISIBLE:
        return {"description": RuleError(MAX_LENGTH, {"max": DESCRIPTION_MAX_VISIBLE})}
    return {}


def publish_date_errors(publish_date: datetime, *, now: datetime) -> Errors:
    """A publish date that is sent must be in the future (leaving it out means now)."""
    if publish_date <= now:
        return {"publish_date": RuleError(DATE_ALREADY_PAST)}
    return {}


def publish_end_date_errors(publish_end_date: datetime, *, publish_date: datetime | None, now: datetime) -> Errors:
    """In the future, after the start and at most six months past it; publish_date None: the start is in doubt."""
    if publish_end_date <= now:
        return {"publish_end_date": RuleError(DATE_ALREADY_PAST)}
    if publish_date is None:
        return {}
    if publish_end_date <= publish_date:
        return {"publish_end_date": RuleError(MUST_BE_AFTER, {"field": "publish_date"})}
    if publish_end_date > publish_date + MAX_PUBLISH_WINDOW:
        return {"publish_end_date": RuleError(MUST_BE_BEFORE, {"limit": publish_date + MAX_PUBLISH_WINDOW})}
    return {}


def new_start_errors(publish_date: datetime, *, publish_end_date: datetime) -> Errors:
    """A new start must still leave the stored end after it and within six months."""
    if publish_end_date <= publish_date:
        return {"publish_date": RuleError(MUST_BE_BEFORE, {"field": "publish_end_date"})}
    if publish_end_date > publish_date + MAX_PUBLISH_WINDOW:
        return {"publish_date": RuleError(MUST_BE_AFTER, {"limit": publish_end_date - MAX_PUBLISH_WINDOW})}
    return {}


def positive_int_errors(name: str, value: int) -> Errors:
    """Durations and vacancies: at least 1, and no more than their integer column holds."""
    if value < 1:
        return {name: RuleError(AT_LEAST_ONE, {"min": 1})}
    if value > INT_COLUMN_MAX:
        return {name: RuleError(TOO_LARGE_FOR_COLUMN, {"max": INT_COLUMN_MAX})}
    return {}


def job_max_duration_errors(job_max_duration: int, *, job_min_duration: int | None) -> Errors:
    """A maximum needs a minimum (job_min_duration None: none sent and none stored), and is at least it."""
    if job_min_duration is None:
        return {"job_max_duration": RuleError(NEEDS_MIN_DURATION)}
    if job_max_duration < job_min_duration:
        return {"job_max_duration": RuleError(AT_LEAST_FIELD, {"field": "job_min_duration"})}
    return {}


def choice_errors(name: str, value: str, choices: Sequence[str]) -> Errors:
    if value not in choices:
        return {name: RuleError(MUST_BE_IN, {"choices": tuple(choices)})}
    return {}


def choices_errors(name: str, values: Sequence[str], choices: Sequence[str], *, min_size: int, max_size: int) -> Errors:
    """Between min_size and max_size distinct values, each one of choices."""
    if not min_size <= len(values) <= max_size:
        return {name: RuleError(SIZE_BETWEEN, {"min": min_size, "max": max_size})}
    if any(value not in choices for value in values):
        return {name: RuleError(MUST_BE_IN, {"choices": tuple(choices)})}
    if len(set(values)) != len(values):
        return {name: RuleError(DUPLICATE_VALUES)}
    return {}


def fields_errors(fields: Sequence[str]) -> Errors:
    return choices_errors("fields", fields, FIELDS, min_size=FIELDS_MIN, max_size=FIELDS_MAX)


def technologies_errors(technologies: Sequence[str]) -> Errors:
    return choices_errors(
        "technologies", technologies, TECHNOLOGIES, min_size=TECHNOLOGIES_MIN, max_size=TECHNOLOGIES_MAX
    )


def lines_count_errors(name: str, count: int) -> Errors:
    """Contacts and requirements: at least one line, at most ITEMS_MAX."""
    if count < 1:
        return {name: RuleError(BELOW_MIN_LENGTH, {"min": 1})}
    if count > ITEMS_MAX:
        return {name: RuleError(SIZE_BETWEEN, {"min": 1, "max": ITEMS_MAX})}
    return {}


def line_errors(name: str, line: str) -> Errors:
    """One line of contacts or requirements: some text, within ITEM_MAX."""
    if not line.strip():
        return {name: RuleError(MUST_BE_STRING)}
    if len(line) > ITEM_MAX:
        return {name: RuleError(MAX_LENGTH, {"max": ITEM_MAX})}
    return {}


def lines_errors(name: str, lines: Sequence[str]) -> Errors:
    found = lines_count_errors(name, len(lines))
    for line in lines:
        if found:
            break
        found = line_errors(name, line)
    return found


def apply_url_errors(apply_url: str) -> Errors:
    if len(apply_url) > APPLY_URL_MAX:
        return {"apply_url": RuleError(MAX_LENGTH, {"max": APPLY_URL_MAX})}
    if _MAILTO.match(apply_url):
        return {}
    if not _HTTP_URL.match(apply_url) or apply_url_host(apply_url) is None:
        return {"apply_url": RuleError(INVALID_APPLY_URL)}
    return {}


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


def coordinates_errors(coordinates: Sequence[float]) -> Errors:
    """[longitude, latitude] on the globe (NaN, for a value that is no number, is on no globe)."""
    if len(coordinates) != 2:
        return {"coordinates": RuleError(SIZE_BETWEEN, {"min": 2, "max": 2})}
    lng, lat = coordinates
    if not (LONGITUDE[0] <= lng <= LONGITUDE[1] and LATITUDE[0] <= lat <= LATITUDE[1]):
        return {"coordinates": RuleError(MUST_BE_IN, {"longitude": LONGITUDE, "latitude": LATITUDE})}
    return {}


def admin_reason_errors(admin_reason: str) -> Errors:
    """Why an admin blocks: some text, storable (PostgreSQL text cannot hold NUL)."""
    if not admin_reason.strip():
        return {"admin_reason": RuleError(REQUIRED)}
    if "\x00" in admin_reason or input_problem(admin_reason) is not None:
        return {"admin_reason": RuleError(MUST_BE_STRING)}
    return {}


def far_dates_errors(data: Mapping[str, object]) -> Errors:
    """Windows are computed up to six months past a publication date; one so far on that they would overflow
    datetime is no date an offer can take."""
    return {
        name: RuleError(NOT_A_DATE)
        for name in ("publish_date", "publish_end_date")
        if isinstance(value := data.get(name), datetime) and value.replace(tzinfo=None) > LATEST_DATE
    }


def _dates_errors(data: OfferData, *, stored: Offer | None, now: datetime) -> Errors:
    errors = far_dates_errors(data)
    if errors:
        return errors
    start: datetime | None = now if stored is None else stored.publish_date
    if "publish_date" in data:
        errors.update(publish_date_errors(data["publish_date"], now=now))
        start = None if errors else data["publish_date"]
    if "publish_end_date" in data:
        errors.update(publish_end_date_errors(data["publish_end_date"], publish_date=start, now=now))
    elif stored is not None and start is not None and "publish_date" in data:
        errors.update(new_start_errors(start, publish_end_date=stored.publish_end_date))
    return errors


def _durations_errors(data: OfferData, *, stored: Offer | None) -> Errors:
    errors: Errors = {}
    min_duration = stored.job_min_duration if stored is not None else None
    if "job_min_duration" in data:
        errors.update(positive_int_errors("job_min_duration", data["job_min_duration"]))
        min_duration = None if errors else data["job_min_duration"]
    max_duration = data.get("job_max_duration")
    if max_duration is not None:
        found = positive_int_errors("job_max_duration", max_duration)
        if not found and "job_min_duration" not in data and not min_duration:
            found = job_max_duration_errors(max_duration, job_min_duration=None)
        elif not found and min_duration is not None:
            found = job_max_duration_errors(max_duration, job_min_duration=min_duration)
        errors.update(found)
    elif "job_max_duration" not in data and "job_min_duration" in data and min_duration is not None:
        stored_max = stored.job_max_duration if stored is not None else None
        if stored_max:
            errors.update(job_max_duration_errors(stored_max, job_min_duration=min_duration))
    return errors


def storable_errors(data: Mapping[str, object]) -> Errors:
    """No database stores NUL or an unpaired surrogate (no UTF-8 encoder takes it), in any text or list of texts."""
    return {
        name: RuleError(MUST_BE_STRING)
        for name, value in data.items()
        if isinstance(value, (str, list)) and (_holds_nul(value) or input_problem(value) is not None)
    }


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list) and any(_holds_nul(item) for item in value)


def offer_errors(data: OfferData, *, stored: Offer | None, now: datetime) -> Errors:
    """Every rule of a create (stored=None) or an edit of `stored`, judged on typed values by model field."""
    errors = storable_errors(data)
    if errors:
        return errors
    if stored is None:
        errors.update({name: RuleError(REQUIRED) for name in REQUIRED_ON_CREATE if name not in data})
    if "title" in data:
        errors.update(title_errors(data["title"]))
    errors.update(_dates_errors(data, stored=stored, now=now))
    errors.update(_durations_errors(data, stored=stored))
    if data.get("vacancies") is not None:
        errors.update(positive_int_errors("vacancies", data["vacancies"] or 0))
    if data.get("apply_url") is not None:
        errors.update(apply_url_errors(data["apply_url"] or ""))
    if data.get("coordinates") is not None:
        errors.update(coordinates_errors(data["coordinates"] or []))
    if "description" in data:
        errors.update(description_errors(data["description"]))
    if "job_type" in data:
        errors.update(choice_errors("job_type", data["job_type"], JOB_TYPES))
    if "fields" in data:
        errors.update(fields_errors(data["fields"]))
    if "technologies" in data:
        errors.update(technologies_errors(data["technologies"]))
    if "contacts" in data:
        errors.update(lines_errors("contacts", data["contacts"]))
    if "requirements" in data:
        errors.update(lines_errors("requirements", data["requirements"]))
    if "location" in data:
        errors.update(location_errors(data["location"]))
    return errors
