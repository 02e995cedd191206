"""Delivering webhooks: one signed attempt at a delivery, its outcome, the retries after it, and "send again".

A delivery is claimed by a conditional UPDATE (a short lease on next_attempt_at), POSTed outside any transaction,
then its outcome written in one short transaction. Delivery is at least once: a worker that dies after the POST but
before writing the outcome sends again later, and receivers deduplicate by event id.
"""

import hashlib
import hmac
import json
import logging
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from plumbing.mail import absolute_url
from plumbing.times import iso_z

from ..models import DeliveryStatus, NotificationKind, WebhookDelivery, WebhookEndpoint, WebhookEvent
from ..notifications.services import notify_staff
from .outbox import RETRY_FOR, webhook_deliveries_enqueue
from .transport import AttemptResult
from .transport import post as _post

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Jobboard-Signature"
USER_AGENT = "Jobboard-Webhooks/1.0"
# A 2xx within this many seconds is a success; anything slower is a failed attempt. It bounds the whole attempt
# (connect, TLS, sending, the answer's status line, headers and body), not each socket read.
DELIVERY_TIMEOUT = 10.0
# An endpoint with no successful delivery for this long is switched off and the company told why.
DISABLE_AFTER = timedelta(days=3)
# How long a claimed delivery is left to its worker before another may take it: well past the attempt's deadline
# plus a slow DNS lookup (bounded by the resolver, not by us) and the outcome's write.
LEASE = timedelta(seconds=120)
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=3)


def webhook_body(event: WebhookEvent) -> bytes:
    payload = {"id": event.pk, "type": event.type, "createdAt": iso_z(event.created_at), "data": event.data}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The Jobboard-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from 30 s up to 3 h, with ±25 % jitter so that the
    retries of many deliveries to one recovering receiver do not arrive together."""
    base = min(BACKOFF_FIRST * 2 ** min(attempts - 1, 20), BACKOFF_MAX)
    return base * random.uniform(0.75, 1.25)


@dataclass(frozen=True)
class _Claim:
    delivery: WebhookDelivery
    # The next_attempt_at this claim wrote: only while it is still there may the claim's outcome be recorded.
    lease_until: datetime


def _claim(delivery_id: int, now: datetime) -> _Claim | None:
    """Takes a due delivery for one attempt: the conditional UPDATE lets exactly one worker through, and the
    lease brings the delivery back if that worker dies. The lease's end doubles as the claim's token: "send
    again" or another worker's claim after the lease ran out writes a different one, and random microseconds
    keep two claims made at the same `now` apart."""
    lease_until = now + LEASE + timedelta(microseconds=secrets.randbelow(1_000_000))
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease_until)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    return _Claim(delivery, lease_until) if delivery else None


def _describe(result: AttemptResult) -> str:
    return result.error or f"HTTP {result.status_code}"


def _record_attempt(claim: _Claim, result: AttemptResult, now: datetime) -> bool:
    """Writes the attempt's outcome and mirrors it on the claim's delivery, conditional on the claim still
    holding ("send again", or a second worker once the lease ran out, may have started another attempt
    meanwhile, whose outcome is the one to keep). False when the claim was lost and nothing was recorded."""
    delivery, endpoint = claim.delivery, claim.delivery.endpoint
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error, delivery.last_attempt_at = result.status_code, result.error, now
    if result.succeeded:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    else:
        retry_at = now + webhook_backoff(delivery.attempts)
        if retry_at > delivery.give_up_at:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = retry_at
    outcome = {
        "attempts": F("attempts") + 1,
        "last_status_code": result.status_code,
        "last_error": result.error[:300],
        "last_attempt_at": now,
        "status": delivery.status,
        "next_attempt_at": delivery.next_attempt_at,
    }
    mine = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, next_attempt_at=claim.lease_until
    )
    if result.succeeded:
        # Two independent facts, each one statement: no transaction needed on the busiest path. A 2xx shows
        # the receiver works even when the claim was lost.
        recorded = mine.update(**outcome)
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(failing_since=None)
        return bool(recorded)
    with transaction.atomic():
        if not mine.update(**outcome):
            return False
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
        failing = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True, failing_since__lte=now - DISABLE_AFTER)
        since = failing.values_list("failing_since", flat=True).first()
        if since is not None:
            failing.update(
                is_active=False,
                disabled_reason=(
                    f"Switched off on {now:%Y-%m-%d %H:%M} UTC: no delivery has succeeded since "
                    f"{since:%Y-%m-%d %H:%M} UTC (last answer: {_describe(result)}). Fix the receiver, then switch "
                    f"the endpoint back on."
                ),
            )
            logger.warning("webhook endpoint %s switched off after failing since %s", endpoint.pk, since)
            _tell_staff_switched_off(endpoint=endpoint, since=since, last_answer=_describe(result), now=now)
    return True


def _tell_staff_switched_off(*, endpoint: WebhookEndpoint, since: datetime, last_answer: str, now: datetime) -> None:
    """Mails the company's staff, in the transaction that switched the endpoint off, which endpoint and how to
    switch it back on."""
    notify_staff(
        company_id=endpoint.company_id,
        kind=NotificationKind.WEBHOOK_DISABLED,
        mail_kind="webhook_disabled",
        subject=f"Webhook endpoint switched off: {urlsplit(endpoint.url).hostname or endpoint.url}",
        context={
            "url": endpoint.url,
            "since": since,
            "last_answer": last_answer,
            "endpoint_url": absolute_url(reverse("dashboard-webhook", args=[endpoint.pk])),
        },
        now=now,
    )


def webhook_deliver(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt at one delivery, if it is due at `now`: POSTs the signed event, then records the outcome
    (SUCCEEDED on a 2xx; otherwise PENDING with the next attempt after a backoff, or FAILED past give_up_at).
    Returns the delivery as this attempt left it, or None when it was not due (done, taken by another worker,
    gone, or started over by another attempt while this one was sending). Four statements on success: claim,
    read, outcome, the endpoint's failure streak."""
    now = now or timezone.now()
    claim = _claim(delivery_id, now)
    if claim is None:
        return None
    delivery = claim.delivery
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.last_error = "The endpoint is switched off."
        WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, next_attempt_at=claim.lease_until
        ).update(status=delivery.status, next_attempt_at=None, last_error=delivery.last_error)
        return delivery
    body = webhook_body(delivery.event)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: webhook_signature(secret=endpoint.secret, timestamp=timestamp, body=body),
    }
    result = _post(endpoint.url, body, headers, DELIVERY_TIMEOUT)
    recorded = _record_attempt(claim, result, now)
    logger.info(
        "webhook delivery %s (%s) to endpoint %s: %s%s",
        delivery.pk,
        delivery.event_id,
        endpoint.pk,
        _describe(result),
        "" if recorded else " (not recorded: another attempt started meanwhile)",
    )
    return delivery if recorded else None


def webhook_delivery_resend(*, delivery: WebhookDelivery, now: datetime | None = None) -> WebhookDelivery:
    """ "Send again": the delivery starts over (PENDING, no attempts, 24 fresh hours) and is sent at once."""
    now = now or timezone.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, give_up_at=now + RETRY_FOR, last_error=""
        )
        transaction.on_commit(partial(webhook_deliveries_enqueue, delivery_ids=[delivery.pk]))
    delivery.refresh_from_db()
    return delivery
