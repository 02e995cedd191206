"""A company's webhook endpoints: the URL and events it subscribed, and the signing secret shown once."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .. import validators
from ..exceptions import ValidationFailed
from ..models import WEBHOOK_EVENT_TYPES, Company, WebhookEndpoint
from .transport import webhook_url_refusal

SECRET_PREFIX = "whsec_"
MAX_ENDPOINTS_PER_COMPANY = 10


def _url_errors(url) -> dict[str, str]:
    errors = validators.webhook_url_errors(url)
    if not errors:
        refusal = webhook_url_refusal(url.strip())
        if refusal:
            errors["url"] = refusal
    return errors


def webhook_endpoint_errors(*, url, events) -> dict[str, str]:
    """Every rule on an endpoint's URL and events, keyed url / events / events[i]."""
    return {**_url_errors(url), **validators.webhook_events_errors(events, known=WEBHOOK_EVENT_TYPES)}


def _canonical_events(events: Iterable[str]) -> list[str]:
    chosen = set(events)
    return [event for event in WEBHOOK_EVENT_TYPES if event in chosen]


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str


def webhook_endpoint_create(*, company: Company, url: str, events: list[str]) -> IssuedEndpoint:
    """Saves an endpoint and returns its signing secret; callers show the secret once, then only the owner's
    receiver needs it."""
    errors = webhook_endpoint_errors(url=url, events=events)
    if errors:
        raise ValidationFailed(errors, "The endpoint was not saved.")
    with transaction.atomic():
        # Locked so two racing creates cannot both pass the per-company limit.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        if WebhookEndpoint.objects.filter(company=company).count() >= MAX_ENDPOINTS_PER_COMPANY:
            raise ValidationFailed(
                {"url": f"A company can have at most {MAX_ENDPOINTS_PER_COMPANY} endpoints; remove one first."},
                "The endpoint was not saved.",
            )
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        endpoint = WebhookEndpoint.objects.create(
            company=company, url=url.strip(), events=_canonical_events(events), secret=secret
        )
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str | None = None, events: list[str] | None = None, is_active: bool | None = None
) -> WebhookEndpoint:
    """Changes what is given (None leaves a value as it is). Switching an endpoint back on clears why it was
    off and its failure streak, so it gets three fresh days."""
    # Only what changes is judged: the stored URL is checked again at delivery time anyway.
    errors = {
        **(_url_errors(url) if url is not None else {}),
        **(validators.webhook_events_errors(events, known=WEBHOOK_EVENT_TYPES) if events is not None else {}),
    }
    if errors:
        raise ValidationFailed(errors, "The endpoint was not saved.")
    changes: dict = {}
    if url is not None:
        changes["url"] = url.strip()
    if events is not None:
        changes["events"] = _canonical_events(events)
    if is_active is not None:
        changes["is_active"] = is_active
        if is_active:
            changes.update(disabled_reason=None, failing_since=None)
    if changes:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(**changes)
        endpoint.refresh_from_db()
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """The endpoint and its delivery log go; events stay for the other endpoints."""
    endpoint.delete()
