"""The offers API's error shape: {"error_code": N, "errors": [{"msg", "param"?, "location"?, "value"?}]}."""

import logging

from rest_framework import exceptions as drf
from rest_framework.response import Response

from offers.exceptions import FORBIDDEN, UNEXPECTED, VALIDATION, OfferError
from offers.validators import FieldError
from plumbing.api_input import BodyTooDeep, BodyTooLarge, UnreadableText
from plumbing.outages import RETRY_AFTER_SECONDS, database_unavailable

logger = logging.getLogger(__name__)


def error_response(status: int, error_code: int, errors: list[FieldError]) -> Response:
    rendered = []
    for e in errors:
        item = {"msg": e.msg}
        if e.param:
            item.update(param=e.param, location=e.location, value=e.value)
        rendered.append(item)
    return Response({"error_code": error_code, "errors": rendered}, status=status)


def _single(status, code, msg, location="", param="") -> Response:
    return error_response(status, code, [FieldError(param=param, msg=msg, location=location)])


def offers_exception_handler(exc, context):
    if isinstance(exc, OfferError):
        return error_response(exc.status, exc.error_code, exc.errors)
    if isinstance(exc, BodyTooLarge):
        # Refused before the body is read, so before the caller's role is known (no 401 first).
        return _single(413, VALIDATION, f"max-length-exceeded:{exc.limit}", "body", "body")
    if isinstance(exc, BodyTooDeep):
        return _single(422, VALIDATION, f"max-depth-exceeded:{exc.limit}", "body", "body")
    if isinstance(exc, UnreadableText):
        # Named like every other error: the top-level field (or the parameter or header); the value is not echoed.
        location = "headers" if exc.location == "header" else exc.location
        param = str(exc.path[0]) if exc.path else "body"
        return _single(422, VALIDATION, "must-be-string", location, param)
    if isinstance(exc, drf.ParseError):
        return _single(422, VALIDATION, "must-be-valid-json", "body", "body")
    if isinstance(exc, drf.UnsupportedMediaType):
        return _single(422, VALIDATION, "must-be-json", "body", "body")
    if isinstance(exc, drf.NotAuthenticated):
        return _single(401, FORBIDDEN, "login-required")
    if isinstance(exc, (drf.PermissionDenied, drf.AuthenticationFailed)):
        # The only PermissionDenied DRF raises here is a missing or wrong CSRF token on a session request.
        return _single(403, FORBIDDEN, "csrf-token-missing-or-invalid")
    if isinstance(exc, drf.MethodNotAllowed):
        return _single(405, FORBIDDEN, "method-not-allowed")
    if isinstance(exc, drf.NotFound):
        return _single(404, FORBIDDEN, "not-found")
    if database_unavailable(exc):
        # A restart or a failover: 503, retry later; no code of its own in the contract.
        logger.warning("Offers API: database unavailable", exc_info=exc)
        response = _single(503, UNEXPECTED, "service-unavailable")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.exception("Unexpected error in offers API", exc_info=exc)
    return _single(500, UNEXPECTED, "unexpected-error")
