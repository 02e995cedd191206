"""The offers API's error shape: {"error_code": N, "errors": [{"msg", "param"?, "location"?, "value"?}]}, and the
HTTP status each refusal of the offer rules answers with."""

import logging
from typing import Any

from rest_framework import exceptions as drf
from rest_framework.response import Response

from offers import exceptions as exc
from plumbing.api_input import BodyTooDeep, BodyTooLarge, UnreadableText
from plumbing.outages import RETRY_AFTER_SECONDS, database_unavailable

from .messages import CONFLICT, FORBIDDEN, UNEXPECTED, VALIDATION, ApiError, FieldError, field_errors

logger = logging.getLogger(__name__)

# The status of each refusal that concerns no field (the contract's "forbidden" family, and the limit).
STATUS = {
    exc.NotPermitted: 401,
    exc.CompanyBlocked: 403,
    exc.CompanyDisabled: 403,
    exc.OfferBlockedByAdmin: 403,
    exc.OfferIsHidden: 403,
    exc.NotOfferOwner: 403,
    exc.OfferNotFound: 404,
    exc.CompanyNotFound: 404,
    exc.ConcurrentLimitReached: 409,
}


def error_response(status: int, error_code: int, errors: list[FieldError]) -> Response:
    rendered = []
    for e in errors:
        item: dict[str, Any] = {"msg": e.msg}
        if e.param:
            item.update(param=e.param, location=e.location, value=e.value)
        rendered.append(item)
    return Response({"error_code": error_code, "errors": rendered}, status=status)


def _single(status: int, code: int, msg: str, location: str = "", param: str = "") -> Response:
    return error_response(status, code, [FieldError(param=param, msg=msg, location=location)])


def refusal_message(error: exc.OfferError) -> str:
    """The contract's msg for a refusal: its code, and the id or the limit it names."""
    if isinstance(error, (exc.NotOfferOwner, exc.OfferNotFound, exc.CompanyNotFound)):
        return f"{error.code}:{error.target_id}"
    if isinstance(error, exc.ConcurrentLimitReached):
        return f"{error.code}:{error.limit}"
    return error.code


def offer_error_response(error: exc.OfferError) -> Response:
    if isinstance(error, exc.ValidationFailed):
        return error_response(422, VALIDATION, field_errors(error.errors))
    status = STATUS.get(type(error), 500)
    code = CONFLICT if isinstance(error, exc.ConcurrentLimitReached) else FORBIDDEN if status < 500 else UNEXPECTED
    return _single(status, code, refusal_message(error))


def offers_exception_handler(exc_: Exception, context: object) -> Response:
    if isinstance(exc_, ApiError):
        return error_response(exc_.status, exc_.error_code, exc_.errors)
    if isinstance(exc_, exc.OfferError):
        return offer_error_response(exc_)
    if isinstance(exc_, BodyTooLarge):
        # Refused before the body is read, so before the caller's role is known (no 401 first).
        return _single(413, VALIDATION, f"max-length-exceeded:{exc_.limit}", "body", "body")
    if isinstance(exc_, BodyTooDeep):
        return _single(422, VALIDATION, f"max-depth-exceeded:{exc_.limit}", "body", "body")
    if isinstance(exc_, UnreadableText):
        # Named like every other error: the top-level field (or the parameter or header); the value is not echoed.
        location = "headers" if exc_.location == "header" else exc_.location
        param = str(exc_.path[0]) if exc_.path else "body"
        return _single(422, VALIDATION, "must-be-string", location, param)
    if isinstance(exc_, drf.ParseError):
        return _single(422, VALIDATION, "must-be-valid-json", "body", "body")
    if isinstance(exc_, drf.UnsupportedMediaType):
        return _single(422, VALIDATION, "must-be-json", "body", "body")
    if isinstance(exc_, drf.NotAuthenticated):
        return _single(401, FORBIDDEN, "login-required")
    if isinstance(exc_, (drf.PermissionDenied, drf.AuthenticationFailed)):
        # The only PermissionDenied DRF raises here is a missing or wrong CSRF token on a session request.
        return _single(403, FORBIDDEN, "csrf-token-missing-or-invalid")
    if isinstance(exc_, drf.MethodNotAllowed):
        return _single(405, FORBIDDEN, "method-not-allowed")
    if isinstance(exc_, drf.NotFound):
        return _single(404, FORBIDDEN, "not-found")
    if database_unavailable(exc_):
        # A restart or a failover: 503, retry later; no code of its own in the contract.
        logger.warning("Offers API: database unavailable", exc_info=exc_)
        response = _single(503, UNEXPECTED, "service-unavailable")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.exception("Unexpected error in offers API", exc_info=exc_)
    return _single(500, UNEXPECTED, "unexpected-error")
