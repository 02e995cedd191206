"""`Idempotency-Key` on every partner POST and PATCH. Part of PartnerAPIView, so a new write view has it too."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from jobs import services
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

logger = logging.getLogger(__name__)


class IdempotentReplay(Exception):
    """Not a failure: DRF has no hook that runs after authentication and the rate limit yet can skip the
    handler, so the stored answer leaves `initial()` this way and handle_exception turns it into the response."""

    def __init__(self, stored: StoredResponse):
        super().__init__("replay")
        self.stored = stored


class IdempotencyMixin:
    """Claims the key after authentication and the rate limit (a refused request stores nothing), runs the
    view, then stores its answer; the key is given back when the view fails without one."""

    idempotency_claim: Claim | None = None

    def initial(self, request, *args, **kwargs):
        self.idempotency_claim = None
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if key is None or request.method not in IDEMPOTENT_METHODS:
            return
        errors = idempotency_key_errors(key)
        if errors:
            raise ValidationFailed(errors)
        try:
            raw_body = request.body
        except RequestDataTooBig:
            raise PayloadTooLarge() from None
        outcome = services.idempotency_key_claim(
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

    def handle_exception(self, exc):
        if isinstance(exc, IdempotentReplay):
            response = HttpResponse(exc.stored.body, status=exc.stored.status, content_type="application/json")
            response[REPLAYED_HEADER] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        claim, self.idempotency_claim = self.idempotency_claim, None
        if claim is not None:
            if hasattr(response, "render"):
                # Rendered now (Django would render it a moment later) to store the very bytes the client gets.
                response.render()
            try:
                services.idempotency_key_finish(
                    claim=claim, status=response.status_code, body=response.content.decode()
                )
            except DatabaseError:
                # The answer stands; the claim stays "running" until ABANDONED_AFTER, then a retry may run.
                logger.warning("Could not store the answer for idempotency key %s", claim.pk, exc_info=True)
        return response

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except BaseException:
            claim, self.idempotency_claim = self.idempotency_claim, None
            if claim is not None:
                try:
                    services.idempotency_key_release(claim=claim)
                except DatabaseError:
                    logger.warning("Could not give back idempotency key %s", claim.pk, exc_info=True)
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


class PartnerAutoSchema(AutoSchema):
    """Documents the idempotency headers on every POST and PATCH operation of the partner API."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in IDEMPOTENT_METHODS:
            parameters = [*parameters, IDEMPOTENCY_KEY_PARAMETER, REPLAYED_RESPONSE_HEADER]
        return parameters
