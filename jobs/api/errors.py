"""The partner API's one error envelope: {"error": {"code", "message", "fields"?}}."""

import logging

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


def error_body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    error = {"code": code, "message": message}
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


def partner_exception_handler(exc, context):
    if isinstance(exc, JobError):
        fields = {api_field(key): message for key, message in exc.fields.items()} if exc.fields else exc.fields
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, BodyTooLarge):
        return Response(
            error_body("PAYLOAD_TOO_LARGE", f"The request body is over {exc.limit} bytes (1 MiB)."), status=413
        )
    if isinstance(exc, BodyTooDeep):
        message = f"Nested more than {exc.limit} levels deep."
        return Response(error_body("VALIDATION_FAILED", "The request is not valid.", {"body": message}), status=422)
    if isinstance(exc, UnreadableText):
        fields = {json_path(exc.path): UNREADABLE_TEXT_MESSAGE}
        return Response(error_body("VALIDATION_FAILED", "The request is not valid.", fields), status=422)
    if isinstance(exc, CompanyValidationFailed):
        # Company rules (webhook endpoints) name their fields as the API does: url, events[1].
        return Response(error_body("VALIDATION_FAILED", exc.message, exc.fields), status=422)
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return Response(
            error_body("INVALID_SERVICE_KEY", "Invalid service key."),
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    if isinstance(exc, RateLimited):
        return Response(
            error_body(
                "RATE_LIMITED",
                f"Rate limit exceeded. Retry in {exc.retry_after} seconds.",
                retryAfterSeconds=exc.retry_after,
            ),
            status=429,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, (Http404, drf.NotFound)):
        return Response(error_body("NOT_FOUND", "Not found."), status=404)
    if isinstance(exc, drf.ValidationError):
        fields = flatten_errors(exc.detail)
        return Response(error_body("VALIDATION_FAILED", "The request is not valid.", fields), status=422)
    if isinstance(exc, drf.ParseError):
        return Response(
            error_body("VALIDATION_FAILED", "The request body is not valid JSON.", {"body": "Malformed JSON."}),
            status=422,
        )
    if isinstance(exc, drf.UnsupportedMediaType):
        return Response(
            error_body(
                "VALIDATION_FAILED", "Send the body as JSON.", {"body": "Content-Type must be application/json."}
            ),
            status=422,
        )
    if isinstance(exc, drf.MethodNotAllowed):
        return Response(
            error_body("METHOD_NOT_ALLOWED", f"Method {context['request'].method} is not allowed here."),
            status=405,
            headers={"Allow": ", ".join(context["view"].allowed_methods)},
        )
    if isinstance(exc, drf.APIException):
        return Response(error_body(exc.default_code.upper(), str(exc.detail)), status=exc.status_code)
    if database_unavailable(exc):
        # A restart or a failover: the contract's 503, and the client retries.
        logger.warning("Partner API: database unavailable", exc_info=exc)
        return Response(
            error_body("UNAVAILABLE", UNAVAILABLE_MESSAGE),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    logger.exception("Unexpected error in partner API", exc_info=exc)
    return Response(error_body("INTERNAL", "An unexpected error occurred."), status=500)
