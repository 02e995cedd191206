"""Without Redis there is no beat: `manage.py run_lifecycle_sweep` (run by hand or by cron) also sends due webhook
deliveries again, in this process, and purges idempotency keys past 24 hours."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from companies.models import WebhookDelivery
from companies.webhooks import delivery as webhooks
from companies.webhooks.endpoints import webhook_endpoint_create
from companies.webhooks.outbox import webhook_event_record
from jobs.choices import IdempotencyState
from jobs.models import IdempotencyKey
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver = Receiver(statuses=(500, 200)).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def without_redis(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


def sweep() -> list[str]:
    out = StringIO()
    call_command("run_lifecycle_sweep", stdout=out)
    return out.getvalue().splitlines()


def test_the_sweep_command_sends_a_failed_delivery_again_once_it_is_due(owner_company, receiver, without_redis):
    webhook_endpoint_create(company=owner_company, url=receiver.url, events=["offer.hidden"])
    failed_at = timezone.now() - timedelta(minutes=10)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=failed_at)
    delivery = event.deliveries.get()
    webhooks.webhook_deliver(delivery_id=delivery.pk, now=failed_at)  # answered 500: retry due after about 30 s
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "PENDING"

    lines = sweep()

    assert lines[1] == (
        "Sent 1 due webhook delivery(ies) and 0 mail(s) again; purged 0 idempotency key(s) and 0 sent mail(s)."
    )
    stored = WebhookDelivery.objects.get(pk=delivery.pk)
    assert (stored.status, stored.attempts, stored.last_status_code) == ("SUCCEEDED", 2, 200)
    assert [r.json["id"] for r in receiver.wait_for(2)] == [event.pk, event.pk]
    assert sweep()[1] == (
        "Sent 0 due webhook delivery(ies) and 0 mail(s) again; purged 0 idempotency key(s) and 0 sent mail(s)."
    )


def test_the_sweep_command_purges_idempotency_keys_past_24_hours(owner_company):
    now = timezone.now()
    for name, age in (("old", timedelta(hours=24, minutes=1)), ("fresh", timedelta(hours=23))):
        IdempotencyKey.objects.create(
            company=owner_company,
            key=name,
            method="POST",
            path="/api/external/v1/jobs",
            body_hash="0" * 64,
            state=IdempotencyState.DONE,
            response_status=201,
            response_body="{}",
            created_at=now - age,
        )

    assert sweep()[1] == (
        "Sent 0 due webhook delivery(ies) and 0 mail(s) again; purged 1 idempotency key(s) and 0 sent mail(s)."
    )
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
