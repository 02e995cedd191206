"""`Idempotency-Key` on every partner POST and PATCH. Part of PartnerAPIView, so a new write view has it too."""

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, transaction
from django.db.transaction import Atomic
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.response import Response

from jobs.exceptions import PayloadTooLarge, ValidationFailed
from jobs.idempotency import (
    HEADER,
    IDEMPOTENT_METHODS,
    MAX_KEY_LENGTH,
    REPLAYED_HEADER,
    Claim,
    StoredResponse,
    body_fingerprint,
    idempotency_key_errors,
)
from jobs.services import idempotency_keys
from plumbing.api_input import refuse_large_body

from .errors import STATUS_FOR_CODE, error_body
from .serializers import ErrorSerializer

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from rest_framework.views import APIView as _MixinBase
else:
    _MixinBase = object


class IdempotentReplay(Exception):
    """Not a failure: DRF has no hook that runs after authentication and the rate limit yet can skip the
    handler, so the stored answer leaves `initial()` this way and handle_exception turns it into the response."""

    def __init__(self, stored: StoredResponse):
        super().__init__("replay")
        self.stored = stored


class IdempotencyMixin(_MixinBase):
    """Claims the key after authentication and the rate limit (a refused request stores nothing), runs the
    view, then stores its answer; the key is given back when the view fails without one.

    The claim commits on its own, so a racing retry sees it at once. The view's writes and the stored answer
    then commit together, in one transaction: a process that dies in between leaves neither, so taking over
    an abandoned claim can never run a write twice."""

    idempotency_claim: Claim | None = None
    idempotency_atomic: Atomic | None = None

    def initial(self, request, *args, **kwargs):
        self.idempotency_claim = None
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        # A path the database cannot store (NUL) names nothing; the view answers it with a 404 unclaimed.
        if key is None or request.method not in IDEMPOTENT_METHODS or "\x00" in request.path:
            return
        errors = idempotency_key_errors(key)
        if errors:
            raise ValidationFailed(errors)
        # The key's fingerprint reads the body; one over the API's limit is refused before that read.
        refuse_large_body(request.META)
        try:
            raw_body = request.body
        except RequestDataTooBig:
            raise PayloadTooLarge() from None
        outcome = idempotency_keys.idempotency_key_claim(
            company=request.auth.company,
            key=key,
            method=request.method,
            path=request.path,
            body_hash=body_fingerprint(raw_body),
            now=timezone.now(),
        )
        if isinstance(outcome, StoredResponse):
            raise IdempotentReplay(outcome)
        self.idempotency_claim = outcome
        self.idempotency_atomic = transaction.atomic()
        self.idempotency_atomic.__enter__()

    def _end_atomic(self, *, commit: bool) -> None:
        atomic, self.idempotency_atomic = self.idempotency_atomic, None
        if atomic is None:
            return
        if commit:
            atomic.__exit__(None, None, None)
        else:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    def handle_exception(self, exc):
        if isinstance(exc, IdempotentReplay):
            response = HttpResponse(exc.stored.body, status=exc.stored.status, content_type="application/json")
            response[REPLAYED_HEADER] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        claim, self.idempotency_claim = self.idempotency_claim, None
        if claim is None:
            return response
        if hasattr(response, "render"):
            # Rendered now (Django would render it a moment later) to store the very bytes the client gets.
            response.render()
        if response.status_code >= 500 or response.status_code == 429:
            # Not an answer to keep: whatever the view wrote goes with it, and the key is given back.
            self._end_atomic(commit=False)
            self._release(claim)
            return response
        try:
            idempotency_keys.idempotency_key_finish(
                claim=claim, status=response.status_code, body=response.content.decode()
            )
            self._end_atomic(commit=True)
        except DatabaseError:
            # Neither the write nor its answer stands; the client is told to retry, and the retry runs again.
            logger.warning("Could not store the answer for idempotency key %s", claim.pk, exc_info=True)
            self._end_atomic(commit=False)
            self._release(claim)
            unavailable = Response(
                error_body("UNAVAILABLE", "The request could not be completed; retry with the same key."),
                status=STATUS_FOR_CODE["UNAVAILABLE"],
            )
            return super().finalize_response(request, unavailable, *args, **kwargs)
        return response

    @staticmethod
    def _release(claim: Claim) -> None:
        try:
            idempotency_keys.idempotency_key_release(claim=claim)
        except DatabaseError:
            logger.warning("Could not give back idempotency key %s", claim.pk, exc_info=True)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BaseException:
            self._end_atomic(commit=False)
            claim, self.idempotency_claim = self.idempotency_claim, None
            if claim is not None:
                self._release(claim)
            raise


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        f"1–{MAX_KEY_LENGTH} printable ASCII characters, unique per request (a UUID does). For 24 hours a retry with "
        "the same key, method, path and body gets the first answer again (status and body, with "
        f"`{REPLAYED_HEADER}: true`) and changes nothing. The same key with another method, path or body: "
        "422 IDEMPOTENCY_KEY_REUSED; while the first request is still running: 409 IDEMPOTENCY_IN_PROGRESS. "
        "5xx and 429 answers are not kept: a retry runs again. Keys are per company."
    ),
)
REPLAYED_RESPONSE_HEADER = OpenApiParameter(
    REPLAYED_HEADER,
    location=OpenApiParameter.HEADER,
    enum=["true"],
    description=f"Present on an answer replayed for a repeated `{HEADER}`.",
    response=True,
)


# What any partner operation can answer, whatever its view declares: refusals that happen before the view runs
# (the key, the rate limit, unreadable query or header text) and the failures every request can meet.
EVERY_OPERATION_ANSWERS = {
    "401": "INVALID_SERVICE_KEY",
    "406": "NOT_ACCEPTABLE: the Accept header names no JSON type",
    "422": "VALIDATION_FAILED: a query parameter or header holds text that cannot be stored",
    "429": "RATE_LIMITED",
    "500": "INTERNAL",
    "503": "UNAVAILABLE: the database cannot be reached; retry later (see Retry-After)",
}
# What every POST and PATCH can answer through its `Idempotency-Key`, even one that takes no body.
EVERY_WRITE_ANSWERS = {
    "409": "IDEMPOTENCY_IN_PROGRESS: a request with the same Idempotency-Key is still running",
    "413": "PAYLOAD_TOO_LARGE: the body is over 1 MiB",
    "422": (
        f"VALIDATION_FAILED on the {HEADER} header (1–{MAX_KEY_LENGTH} printable ASCII characters), or "
        f"IDEMPOTENCY_KEY_REUSED: the same {HEADER} with another method, path or body"
    ),
}


class PartnerAutoSchema(AutoSchema):
    """Documents the idempotency headers on every POST and PATCH operation of the partner API, and on every
    operation the statuses it can answer whatever its view declares (schemathesis holds the schema to them)."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in IDEMPOTENT_METHODS:
            parameters = [*parameters, IDEMPOTENCY_KEY_PARAMETER, REPLAYED_RESPONSE_HEADER]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        answers = [EVERY_OPERATION_ANSWERS]
        if self.method in IDEMPOTENT_METHODS:
            answers.append(EVERY_WRITE_ANSWERS)
        for extra in answers:
            for status, description in extra.items():
                documented = responses.get(status)
                if documented is None:
                    error = OpenApiResponse(ErrorSerializer, description=description)
                    responses[status] = self._get_response_for_code(error, status, direction=direction)
                elif description not in documented["description"]:
                    # The view's own reasons for this status come first; these are added to them.
                    documented["description"] = f"{documented['description']}; or {description}"
        return dict(sorted(responses.items()))
