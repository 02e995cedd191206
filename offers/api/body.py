"""An offer's JSON body (camelCase, any JSON types) read into typed model-level values, one field group at a time.

Types and JSON shapes are checked here; every rule about the values is the validators' (offers.validators),
asked with the values read so far, so the API and the dashboard refuse the same input with the same rule.
Errors keep the order of the groups below and show back the value sent.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from plumbing.input_rules import has_unpaired_surrogate

from ..models import JOB_TYPES, Offer
from ..validators import (
    Errors,
    OfferData,
    apply_url_errors,
    choice_errors,
    coordinates_errors,
    description_errors,
    fields_errors,
    job_max_duration_errors,
    line_errors,
    lines_count_errors,
    location_errors,
    new_start_errors,
    positive_int_errors,
    publish_date_errors,
    publish_end_date_errors,
    technologies_errors,
    title_errors,
)
from .messages import API_NAMES, FieldError, api_message
from .parsing import MISSING, contains_unstorable_text, echo, is_int, parse_iso8601

REQUIRED, MUST_BE_STRING, MUST_BE_ARRAY = "required", "must-be-string", "must-be-array"
MUST_BE_INT, MUST_BE_BOOLEAN, MUST_BE_DATE = "must-be-int", "must-be-boolean", "must-be-ISO8601-date"


@dataclass
class _Reading:
    body: Mapping[str, Any]
    stored: Offer | None
    now: datetime
    errors: list[FieldError] = field(default_factory=list)
    clean: dict[str, Any] = field(default_factory=dict)

    @property
    def creating(self) -> bool:
        return self.stored is None

    def get(self, name: str) -> Any:
        return self.body.get(name, MISSING)

    def refuse(self, name: str, msg: str, value: Any) -> None:
        self.errors.append(FieldError(name, msg, value))

    def judge(self, found: Errors, value: Any) -> bool:
        """Adds the validators' errors, each showing back `value`; True when there were any."""
        for name, error in found.items():
            self.refuse(API_NAMES[name], api_message(error), value)
        return bool(found)

    def required_missing(self, name: str) -> bool:
        """Absent or null: "required" on create, and for null on edit; absent on edit keeps what is stored."""
        value = self.get(name)
        if value is MISSING or value is None:
            if self.creating or value is None:
                self.refuse(name, REQUIRED, None if value is MISSING else value)
            return True
        return False

    def positive_int(self, name: str, model_field: str, value: Any) -> bool:
        """True when refused."""
        if not is_int(value):
            self.refuse(name, MUST_BE_INT, value)
            return True
        return self.judge(positive_int_errors(model_field, value), value)


def _text(r: _Reading, name: str, rules: Callable[[str], Errors]) -> None:
    if r.required_missing(name):
        return
    raw = r.get(name)
    if not isinstance(raw, str):
        r.refuse(name, MUST_BE_STRING, raw)
    elif not r.judge(rules(raw), raw):
        r.clean[name] = raw.strip()


def _title(r: _Reading) -> None:
    _text(r, "title", title_errors)


def _publish_dates(r: _Reading) -> None:
    publish_date: datetime | None = r.now if r.stored is None else r.stored.publish_date
    if r.get("publishDate") is not MISSING:
        raw = r.get("publishDate")
        parsed = parse_iso8601(raw)
        if parsed is None:
            r.refuse("publishDate", MUST_BE_DATE, raw)
            publish_date = None
        elif r.judge(publish_date_errors(parsed, now=r.now), raw):
            publish_date = None
        else:
            publish_date = r.clean["publish_date"] = parsed
    if not r.required_missing("publishEndDate"):
        raw = r.get("publishEndDate")
        parsed = parse_iso8601(raw)
        if parsed is None:
            r.refuse("publishEndDate", MUST_BE_DATE, raw)
        elif not r.judge(publish_end_date_errors(parsed, publish_date=publish_date, now=r.now), raw):
            r.clean["publish_end_date"] = parsed
    elif "publish_date" in r.clean and r.stored is not None and publish_date is not None:
        r.judge(new_start_errors(publish_date, publish_end_date=r.stored.publish_end_date), r.get("publishDate"))


def _durations(r: _Reading) -> None:
    stored_min = r.stored.job_min_duration if r.stored is not None else None
    min_duration = stored_min
    if not r.required_missing("jobMinDuration"):
        raw = r.get("jobMinDuration")
        refused = r.positive_int("jobMinDuration", "job_min_duration", raw)
        min_duration = None if refused else raw
        if not refused:
            r.clean["job_min_duration"] = raw
    elif r.creating:
        min_duration = None
    raw = r.get("jobMaxDuration")
    if raw is not MISSING and raw is not None:
        if r.positive_int("jobMaxDuration", "job_max_duration", raw):
            return
        if r.get("jobMinDuration") is MISSING and not stored_min:
            r.judge(job_max_duration_errors(raw, job_min_duration=None), raw)
        elif min_duration is None or not r.judge(job_max_duration_errors(raw, job_min_duration=min_duration), raw):
            r.clean["job_max_duration"] = raw
    elif raw is None:
        r.clean["job_max_duration"] = None
    elif "job_min_duration" in r.clean and r.stored is not None and r.stored.job_max_duration:
        stored_max = r.stored.job_max_duration
        r.judge(job_max_duration_errors(stored_max, job_min_duration=min_duration), stored_max)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _optional(r: _Reading) -> None:
    """The fields that null clears."""
    if r.get("jobStartDate") is not MISSING:
        raw = r.get("jobStartDate")
        parsed = None if raw is None else parse_iso8601(raw)
        if raw is not None and parsed is None:
            r.refuse("jobStartDate", MUST_BE_DATE, raw)
        else:
            r.clean["job_start_date"] = parsed
    if r.get("isPaid") is not MISSING:
        raw = r.get("isPaid")
        if raw is not None and not isinstance(raw, bool):
            r.refuse("isPaid", MUST_BE_BOOLEAN, raw)
        else:
            r.clean["is_paid"] = raw
    if r.get("vacancies") is not MISSING:
        raw = r.get("vacancies")
        if raw is None or not r.positive_int("vacancies", "vacancies", raw):
            r.clean["vacancies"] = raw
    if r.get("applyURL") is not MISSING:
        raw = r.get("applyURL")
        if raw is not None and not isinstance(raw, str):
            r.refuse("applyURL", MUST_BE_STRING, raw)
        elif raw is None or not r.judge(apply_url_errors(raw), raw):
            r.clean["apply_url"] = raw
    if r.get("coordinates") is not MISSING:
        raw = r.get("coordinates")
        if raw is not None and not isinstance(raw, list):
            r.refuse("coordinates", MUST_BE_ARRAY, raw)
        elif raw is None:
            r.clean["coordinates"] = None
        else:
            # Anything but a number is on no globe: NaN fails the range as it should.
            numbers = [value if _is_number(value) else math.nan for value in raw]
            if not r.judge(coordinates_errors(numbers), raw):
                r.clean["coordinates"] = raw


def _description(r: _Reading) -> None:
    if r.required_missing("description"):
        return
    raw = r.get("description")
    if not isinstance(raw, str):
        r.refuse("description", MUST_BE_STRING, raw)
    elif not r.judge(description_errors(raw), raw):
        r.clean["description"] = raw


def _job_type(r: _Reading) -> None:
    if r.required_missing("jobType"):
        return
    raw = r.get("jobType")
    # Anything but a string is one of no choices: "" fails as it should.
    if not r.judge(choice_errors("job_type", raw if isinstance(raw, str) else "", JOB_TYPES), raw):
        r.clean["job_type"] = raw


def _choices(r: _Reading, name: str, rules: Callable[[Sequence[str]], Errors]) -> None:
    if r.required_missing(name):
        return
    raw = r.get(name)
    if not isinstance(raw, list):
        r.refuse(name, MUST_BE_ARRAY, raw)
    elif not r.judge(rules([value if isinstance(value, str) else "" for value in raw]), raw):
        r.clean[name] = list(raw)


def _fields_and_technologies(r: _Reading) -> None:
    _choices(r, "fields", fields_errors)
    _choices(r, "technologies", technologies_errors)


def _lines(r: _Reading, name: str) -> None:
    if r.required_missing(name):
        return
    raw = r.get(name)
    if not isinstance(raw, list):
        r.refuse(name, MUST_BE_ARRAY, raw)
        return
    if r.judge(lines_count_errors(name, len(raw)), raw):
        return
    for item in raw:
        if not isinstance(item, str):
            r.refuse(name, MUST_BE_STRING, raw)
            return
        if r.judge(line_errors(name, item), raw):
            return
    r.clean[name] = [item.strip() for item in raw]


def _contacts_and_requirements(r: _Reading) -> None:
    _lines(r, "contacts")
    _lines(r, "requirements")


def _location(r: _Reading) -> None:
    _text(r, "location", location_errors)


def _is_hidden(r: _Reading) -> None:
    if r.get("isHidden") is MISSING:
        return
    raw = r.get("isHidden")
    if not isinstance(raw, bool):
        r.refuse("isHidden", MUST_BE_BOOLEAN, raw)
    elif r.creating:
        r.clean["is_hidden"] = raw


_GROUPS = (
    _title,
    _publish_dates,
    _durations,
    _optional,
    _description,
    _job_type,
    _fields_and_technologies,
    _contacts_and_requirements,
    _location,
    _is_hidden,
)


def _unstorable(body: Mapping[Any, Any]) -> list[FieldError]:
    """No database stores NUL or an unpaired surrogate; refused here rather than at the database (or, on SQLite,
    stored inside a JSON list that no page can then render)."""
    errors = [
        FieldError(name, MUST_BE_STRING, echo(value)) for name, value in body.items() if contains_unstorable_text(value)
    ]
    if any(isinstance(name, str) and has_unpaired_surrogate(name) for name in body):
        errors.append(FieldError("body", MUST_BE_STRING, None))
    return errors


def offer_body_errors(body: object, *, stored: Offer | None, now: datetime) -> tuple[list[FieldError], OfferData]:
    """Reads a create (stored=None) or edit body, judged against the stored offer.

    Returns (errors, data): data holds the model fields the body sets, typed; a create without publishDate
    leaves publish_date out (the service publishes now).
    """
    if not isinstance(body, Mapping):
        return [FieldError("body", "must-be-object", None)], OfferData()
    unstorable = _unstorable(body)
    if unstorable:
        return unstorable, OfferData()
    reading = _Reading(body=body, stored=stored, now=now)
    for group in _GROUPS:
        group(reading)
    return reading.errors, cast(OfferData, reading.clean)
