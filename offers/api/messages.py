"""The offers API's words for refusals: the envelope's items, and rule errors spelled as the contract says.

A rule error (offers.validators.RuleError) holds a code and its parameters; here it becomes the `msg` clients
match on (`max-length-exceeded:90`, `must-be-before:2027-06-03T12:28:48Z`, `must-be-after:publishDate`) and
the model field becomes the JSON `param`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plumbing.times import iso_z

from ..validators import (
    BELOW_MIN_LENGTH,
    MAX_LENGTH,
    MUST_BE_IN,
    SIZE_BETWEEN,
    RuleError,
)

VALIDATION, CONFLICT, FORBIDDEN, UNEXPECTED = 1, 2, 3, 99

# Model field → JSON field.
API_NAMES = {
    "title": "title",
    "publish_date": "publishDate",
    "publish_end_date": "publishEndDate",
    "job_min_duration": "jobMinDuration",
    "job_max_duration": "jobMaxDuration",
    "job_start_date": "jobStartDate",
    "description": "description",
    "contacts": "contacts",
    "requirements": "requirements",
    "is_paid": "isPaid",
    "vacancies": "vacancies",
    "job_type": "jobType",
    "fields": "fields",
    "technologies": "technologies",
    "location": "location",
    "coordinates": "coordinates",
    "apply_url": "applyURL",
    "is_hidden": "isHidden",
    "admin_reason": "adminReason",
    "company": "owner",
}


@dataclass(frozen=True)
class FieldError:
    """One item of the error envelope; an empty param is a refusal about no field."""

    param: str
    msg: str
    value: Any = None
    location: str = "body"


class ApiError(Exception):
    """A refusal the offers API makes itself, already in its envelope's terms."""

    def __init__(self, status: int, error_code: int, errors: list[FieldError]):
        self.status = status
        self.error_code = error_code
        self.errors = errors
        super().__init__(", ".join(e.msg for e in errors))


def invalid(errors: list[FieldError]) -> ApiError:
    return ApiError(422, VALIDATION, errors)


def refused(msg: str, status: int) -> ApiError:
    return ApiError(status, FORBIDDEN, [FieldError(param="", msg=msg, location="")])


def must_be_in(values: Iterable[object]) -> str:
    return "must-be-in:[" + ", ".join(str(value) for value in values) + "]"


def _pair(bounds: tuple[int, int]) -> str:
    return f"[{bounds[0]},{bounds[1]}]"


def api_message(error: RuleError) -> str:
    """The contract's msg for a rule error."""
    code, params = error.code, error.params
    if "field" in params:
        return f"{code}:{API_NAMES[str(params['field'])]}"
    limit = params.get("limit")
    if isinstance(limit, datetime):
        return f"{code}:{iso_z(limit)}"
    if code == MAX_LENGTH:
        return f"{code}:{params['max']}"
    if code == BELOW_MIN_LENGTH:
        return f"{code}:{params['min']}"
    if code == SIZE_BETWEEN:
        return f"{code}:[{params['min']},{params['max']}]"
    if code == MUST_BE_IN and "longitude" in params:
        return f"{code}:[{_pair(params['longitude'])},{_pair(params['latitude'])}]"
    if code == MUST_BE_IN:
        return must_be_in(params["choices"])
    return code


def field_errors(errors: Mapping[str, RuleError], *, values: Mapping[str, object] | None = None) -> list[FieldError]:
    """Rule errors as envelope items; `values` (by model field) are what each error shows back."""
    values = values or {}
    return [
        FieldError(API_NAMES.get(name, name), api_message(error), values.get(name)) for name, error in errors.items()
    ]
