"""The partner API's one error envelope: {"error": {"code", "message", "fields"?}}."""

import logging
from typing import Any

from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response

from companies.exceptions import ValidationFailed as CompanyValidationFailed
from jobs.exceptions import JobError
from plumbing.api_input import BodyTooDeep, BodyTooLarge, UnreadableText
from plumbing.input_rules import UNREADABLE_TEXT_MESSAGE
from plumbing.outages import RETRY_AFTER_SECONDS, database_unavailable

from .serializers import api_field

logger = logging.getLogger(__name__)
# The 503 UNAVAILABLE message, wherever a partner request finds the database away (here or jobboard/error_pages.py).
UNAVAILABLE_MESSAGE = "The database cannot be reached; retry later."

# The HTTP status of each error code the partner API answers with: the contract's table in one place. Domain
# errors (jobs.exceptions) carry only their code; a code missing here is a failure of ours, so 500.
STATUS_FOR_CODE = {
    "INVALID_SERVICE_KEY": 401,
    "NOT_FOUND": 404,
    "VALIDATION_FAILED": 422,
    "AGREEMENT_OUTDATED": 409,
    "PAYMENT_METHOD_REQUIRED": 402,
    "INVALID_TRANSITION": 409,
    "JOB_NOT_EDITABLE": 409,
    "JOB_FROZEN": 409,
    "ALREADY_APPLIED": 409,
    "COMPANY_BLOCKED": 403,
    "COMPANY_DISABLED": 403,
    "IDEMPOTENCY_KEY_REUSED": 422,
    "IDEMPOTENCY_IN_PROGRESS": 409,
    "METHOD_NOT_ALLOWED": 405,
    "PAYLOAD_TOO_LARGE": 413,
    "RATE_LIMITED": 429,
    "UNAVAILABLE": 503,
    "INTERNAL": 500,
}


def error_body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    error.update(extra)
    return {"error": error}


def flatten_errors(errors, prefix: str = "") -> dict[str, str]:
    """DRF's nested error structure → {"qualifications[0].text": "message"}."""
    out: dict[str, str] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key in ("non_field_errors", "__all__"):
                name = prefix or "body"
            elif isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten_errors(value, name))
    elif isinstance(errors, list):
        if errors and all(isinstance(e, str) for e in errors):
            out[prefix or "body"] = str(errors[0])
        else:
            for i, item in enumerate(errors):
                if item:
                    out.update(flatten_errors(item, f"{prefix}[{i}]"))
    else:
        out[prefix or "body"] = str(errors)
    return out


def json_path(path: tuple) -> str:
    """("qualifications", 0, "text") → "qualifications[0].text"; the empty path is the body itself."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


class RateLimited(drf.APIException):
    status_code = 429
    default_detail = "Too many requests for this key."

    def __init__(self, retry_after: int):
        super().__init__()
        self.retry_after = retry_after


def _answer(code: str, message: str, fields: dict | None = None, *, headers: dict | None = None, **extra) -> Response:
    return Response(error_body(code, message, fields, **extra), status=STATUS_FOR_CODE.get(code, 500), headers=headers)


def partner_exception_handler(exc, context):
    if isinstance(exc, JobError):
        fields = {api_field(key): message for key, message in exc.fields.items()} if exc.fields else exc.fields
        return _answer(exc.code, exc.message, fields)
    if isinstance(exc, BodyTooLarge):
        return _answer("PAYLOAD_TOO_LARGE", f"The request body is over {exc.limit} bytes (1 MiB).")
    if isinstance(exc, BodyTooDeep):
        message = f"Nested more than {exc.limit} levels deep."
        return _answer("VALIDATION_FAILED", "The request is not valid.", {"body": message})
    if isinstance(exc, UnreadableText):
        return _answer("VALIDATION_FAILED", "The request is not valid.", {json_path(exc.path): UNREADABLE_TEXT_MESSAGE})
    if isinstance(exc, CompanyValidationFailed):
        # Company rules (webhook endpoints) name their fields as the API does: url, events[1].
        return _answer("VALIDATION_FAILED", exc.message, exc.fields)
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return _answer(
            "INVALID_SERVICE_KEY", "Invalid service key.", headers={"WWW-Authenticate": 'Bearer realm="api"'}
        )
    if isinstance(exc, RateLimited):
        return _answer(
            "RATE_LIMITED",
            f"Rate limit exceeded. Retry in {exc.retry_after} seconds.",
            headers={"Retry-After": str(exc.retry_after)},
            retryAfterSeconds=exc.retry_after,
        )
    if isinstance(exc, (Http404, drf.NotFound)):
        return _answer("NOT_FOUND", "Not found.")
    if isinstance(exc, drf.ValidationError):
        return _answer("VALIDATION_FAILED", "The request is not valid.", flatten_errors(exc.detail))
    if isinstance(exc, drf.ParseError):
        return _answer("VALIDATION_FAILED", "The request body is not valid JSON.", {"body": "Malformed JSON."})
    if isinstance(exc, drf.UnsupportedMediaType):
        return _answer(
            "VALIDATION_FAILED", "Send the body as JSON.", {"body": "Content-Type must be application/json."}
        )
    if isinstance(exc, drf.MethodNotAllowed):
        return _answer(
            "METHOD_NOT_ALLOWED",
            f"Method {context['request'].method} is not allowed here.",
            headers={"Allow": ", ".join(context["view"].allowed_methods)},
        )
    if isinstance(exc, drf.APIException):
        # DRF's own errors keep DRF's status: their codes are not the contract's.
        return Response(error_body(exc.default_code.upper(), str(exc.detail)), status=exc.status_code)
    if database_unavailable(exc):
        # A restart or a failover: the contract's 503, and the client retries.
        logger.warning("Partner API: database unavailable", exc_info=exc)
        return _answer("UNAVAILABLE", UNAVAILABLE_MESSAGE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    logger.exception("Unexpected error in partner API", exc_info=exc)
    return _answer("INTERNAL", "An unexpected error occurred.")
