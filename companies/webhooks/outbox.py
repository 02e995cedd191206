"""The outbox of webhook events: an event and its PENDING deliveries are recorded in the transaction of the change
they announce, so an event exists exactly when its change committed; the deliveries go to Celery only after that
commit, and the beat hands over again any that no worker took."""

import logging
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from ..models import WEBHOOK_EVENT_TYPES, DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

EVENT_ID_PREFIX = "evt_"
# Failed deliveries are retried for this long after the event (or after "send again").
RETRY_FOR = timedelta(hours=24)
# A due delivery still waiting this long after its time was lost by a worker or a broker: the beat sends it again.
LOST_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class NewEvent:
    company_id: int
    type: str
    data: dict
    # Non-empty: recorded only if no event of this company and type has the same key (one per budget window).
    dedupe_key: str = ""


def _new_event_id() -> str:
    return EVENT_ID_PREFIX + secrets.token_hex(12)


def webhook_events_record(*, events: Sequence[NewEvent], now: datetime | None = None) -> list[WebhookEvent]:
    """Records events and one PENDING delivery per active endpoint subscribed to each, in the caller's
    transaction, and hands the deliveries to Celery once that transaction commits (a rollback sends nothing).
    Events nobody subscribed to are not stored. One query when nobody subscribed, three or four otherwise.

    Callers recording a dedupe_key hold a lock that serialises them (the company row), so the check is exact.
    """
    if not events:
        return []
    unknown = {event.type for event in events} - set(WEBHOOK_EVENT_TYPES)
    if unknown:
        raise ValueError(f"unknown webhook event types: {sorted(unknown)}")
    now = now or timezone.now()
    subscribers: dict[tuple[int, str], list[int]] = defaultdict(list)
    endpoints = WebhookEndpoint.objects.filter(company_id__in={e.company_id for e in events}, is_active=True)
    for endpoint_id, company_id, types in endpoints.values_list("pk", "company_id", "events"):
        for event_type in types:
            subscribers[(company_id, event_type)].append(endpoint_id)
    wanted = [event for event in events if subscribers[(event.company_id, event.type)]]
    keyed = [event for event in wanted if event.dedupe_key]
    if keyed:
        seen = set(
            WebhookEvent.objects.filter(
                company_id__in={e.company_id for e in keyed}, dedupe_key__in={e.dedupe_key for e in keyed}
            ).values_list("company_id", "type", "dedupe_key")
        )
        fresh = []
        for event in wanted:
            key = (event.company_id, event.type, event.dedupe_key)
            if event.dedupe_key:
                if key in seen:
                    continue
                seen.add(key)
            fresh.append(event)
        wanted = fresh
    if not wanted:
        return []
    rows = WebhookEvent.objects.bulk_create(
        WebhookEvent(
            id=_new_event_id(),
            company_id=event.company_id,
            type=event.type,
            data=event.data,
            dedupe_key=event.dedupe_key,
            created_at=now,
        )
        for event in wanted
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            event_id=row.pk,
            endpoint_id=endpoint_id,
            next_attempt_at=now,
            give_up_at=now + RETRY_FOR,
            created_at=now,
        )
        for row in rows
        for endpoint_id in subscribers[(row.company_id, row.type)]
    )
    transaction.on_commit(partial(webhook_deliveries_enqueue, delivery_ids=[d.pk for d in deliveries]))
    return rows


def webhook_event_record(
    *, company_id: int, type: str, data: dict, dedupe_key: str = "", now: datetime | None = None
) -> WebhookEvent | None:
    """One event (see webhook_events_record); None when no active endpoint of the company wants it."""
    rows = webhook_events_record(
        events=[NewEvent(company_id=company_id, type=type, data=data, dedupe_key=dedupe_key)], now=now
    )
    return rows[0] if rows else None


def webhook_deliveries_enqueue(*, delivery_ids: Sequence[int]) -> None:
    """Hands deliveries to Celery (in-process at once when Celery runs eagerly, without Redis). Never raises:
    the change they announce has committed, and a delivery the broker did not take is sent by the beat."""
    # Imported here: the tasks module imports this one.
    from ..tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:
            logger.exception("webhook delivery %s not enqueued; the beat will send it", delivery_id)


REQUEUE_BATCH = 500


def webhook_deliveries_requeue_lost(*, now: datetime | None = None, limit: int = REQUEUE_BATCH) -> list[int]:
    """Deliveries due for a while that no worker took (a lost message, a dead worker, a backoff too long to
    wait for in a worker): marked due now, so the next minute's scan skips them, and returned to be enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked (skipping rows another beat holds) so two overlapping beats never enqueue one delivery twice.
        ids = list(
            WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now - LOST_AFTER)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return ids
