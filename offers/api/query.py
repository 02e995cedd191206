"""Query strings of the offers API (search, the concurrent-limit question) read into typed values.

Search parameters are validated like body fields and reported with location "query".
"""

from datetime import datetime
from typing import Any

from django.http import QueryDict

from plumbing.input_rules import has_unpaired_surrogate, parse_ascii_int

from ..models import FIELDS, JOB_TYPES, MAX_PUBLISH_WINDOW, TECHNOLOGIES
from ..validators import AT_LEAST_FIELD, choice_errors, positive_int_errors
from ..windows import Window
from .messages import FieldError, api_message, must_be_in
from .parsing import contains_unstorable_text, echo, parse_iso8601

SEARCH_LIMIT_MAX = 100
SEARCH_LIMIT_DEFAULT = 20
SEARCH_VALUE_MAX = 200


def query_error(param: str, msg: str, value: Any) -> FieldError:
    return FieldError(param, msg, value, location="query")


def query_dates(params: QueryDict, names: tuple[str, ...]) -> tuple[dict[str, datetime | None], list[FieldError]]:
    """The ISO 8601 dates among `names` that the query string gives, and an error for each it gives unreadable."""
    dates: dict[str, datetime | None] = {}
    errors = []
    for name in names:
        raw = params.get(name)
        if raw is not None:
            dates[name] = parse_iso8601(raw)
            if dates[name] is None:
                errors.append(query_error(name, "must-be-ISO8601-date", raw))
    return dates, errors


def _unreadable(params: QueryDict) -> list[FieldError]:
    errors = []
    for name, values in params.lists():
        if has_unpaired_surrogate(name):
            errors.append(query_error("query", "must-be-string", None))
        elif any(contains_unstorable_text(v) for v in values):
            errors.append(query_error(name, "must-be-string", echo(values)))
    return errors


def _search_int(name: str, raw: str, errors: list[FieldError]) -> int | None:
    value = parse_ascii_int(raw)
    if value is None:
        errors.append(query_error(name, "must-be-int", raw))
        return None
    if name == "limit" and not 1 <= value <= SEARCH_LIMIT_MAX:
        errors.append(query_error(name, f"size-must-be-between:[1,{SEARCH_LIMIT_MAX}]", raw))
        return None
    # Compared with the duration columns: a larger number is no duration an offer can have.
    for error in positive_int_errors(name, value).values():
        errors.append(query_error(name, api_message(error), raw))
        return None
    return value


def search_params_errors(params: QueryDict) -> tuple[list[FieldError], dict[str, Any]]:
    """Returns (errors, clean) where clean holds the OfferSearch keyword arguments."""
    errors = _unreadable(params)
    if errors:
        return errors, {}
    job_type = params.get("jobType")
    if job_type is not None:
        for error in choice_errors("job_type", job_type, JOB_TYPES).values():
            errors.append(query_error("jobType", api_message(error), job_type))
    lists = {}
    for name, allowed in (("fields", FIELDS), ("technologies", TECHNOLOGIES)):
        # Array parameters may be repeated (fields=A&fields=B) or sent as fields[]=A.
        values = params.getlist(name) + params.getlist(f"{name}[]")
        if any(v not in allowed for v in values):
            errors.append(query_error(name, must_be_in(allowed), values))
        lists[name] = tuple(dict.fromkeys(values))
    ints = {}
    for name in ("jobMinDuration", "jobMaxDuration", "limit"):
        raw = params.get(name)
        if raw is not None:
            value = _search_int(name, raw, errors)
            if value is not None:
                ints[name] = value
    if "jobMinDuration" in ints and "jobMaxDuration" in ints and ints["jobMaxDuration"] < ints["jobMinDuration"]:
        errors.append(query_error("jobMaxDuration", f"{AT_LEAST_FIELD}:jobMinDuration", params.get("jobMaxDuration")))
    show_hidden = params.get("showHidden")
    if show_hidden is not None and show_hidden not in ("true", "false"):
        errors.append(query_error("showHidden", "must-be-boolean", show_hidden))
    text = params.get("value", "")
    if len(text) > SEARCH_VALUE_MAX:
        errors.append(query_error("value", f"max-length-exceeded:{SEARCH_VALUE_MAX}", text))
    if errors:
        return errors, {}
    return [], {
        "value": text,
        "job_type": job_type,
        "fields": lists["fields"],
        "technologies": lists["technologies"],
        "job_min_duration": ints.get("jobMinDuration"),
        "job_max_duration": ints.get("jobMaxDuration"),
        "show_hidden": show_hidden == "true",
        "limit": ints.get("limit", SEARCH_LIMIT_DEFAULT),
        "query_token": params.get("queryToken") or None,
    }


def concurrent_window_errors(params: QueryDict, *, now: datetime) -> tuple[list[FieldError], Window | None]:
    """The window a concurrent-limit question asks about: publishDate defaults to now, publishEndDate to six months on.

    Returns (errors, (start, end)); the window is None when there are errors.
    """
    dates, errors = query_dates(params, ("publishDate", "publishEndDate"))
    if errors:
        return errors, None
    start = dates.get("publishDate") or now
    end = dates.get("publishEndDate") or start + MAX_PUBLISH_WINDOW
    if end <= start:
        return [query_error("publishEndDate", "must-be-after:publishDate", params.get("publishEndDate"))], None
    return [], (start, end)
