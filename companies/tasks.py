"""Celery tasks of webhooks: one delivery attempt, and the beat's pass over deliveries no worker took."""

import logging

from celery import current_app, shared_task
from django.utils import timezone

from .models import DeliveryStatus
from .webhooks.delivery import webhook_deliver
from .webhooks.outbox import webhook_deliveries_enqueue, webhook_deliveries_requeue_lost

logger = logging.getLogger(__name__)

# Retries due sooner than this wait in the worker (a countdown); later ones are left to the beat's pass, since a
# broker like Redis hands long-waiting messages to a second worker after its visibility timeout.
COUNTDOWN_MAX_SECONDS = 600


@shared_task(name="companies.tasks.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> str | None:
    delivery = webhook_deliver(delivery_id=delivery_id)
    if delivery is None:
        return None
    retry_at = delivery.next_attempt_at if delivery.status == DeliveryStatus.PENDING else None
    if retry_at is not None and not current_app.conf.task_always_eager:
        # Eager mode (no broker) would run a countdown at once, in a loop: there the beat or "send again" retries.
        countdown = max(0.0, (retry_at - timezone.now()).total_seconds())
        if countdown <= COUNTDOWN_MAX_SECONDS:
            deliver_webhook.apply_async((delivery_id,), countdown=countdown)
    return delivery.status


@shared_task(name="companies.tasks.requeue_lost_webhooks")
def requeue_lost_webhooks() -> int:
    ids = webhook_deliveries_requeue_lost()
    webhook_deliveries_enqueue(delivery_ids=ids)
    if ids:
        logger.info("requeue_lost_webhooks: %d delivery(ies) sent to the workers again", len(ids))
    return len(ids)
