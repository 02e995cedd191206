"""Only the attempt holding the delivery records its outcome: when "Send again" or a second worker (after the first
one's lease ran out) starts a new attempt while an old one is still sending, the old attempt's late answer does not
overwrite the new attempt's outcome."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import WebhookDelivery
from companies.webhooks import delivery as webhooks
from companies.webhooks.delivery import webhook_deliver, webhook_delivery_resend
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db


def send_again(delivery_id, first_attempt_at):
    webhook_delivery_resend(delivery=WebhookDelivery.objects.get(pk=delivery_id))
    return webhook_deliver(delivery_id=delivery_id)


def lease_runs_out(delivery_id, first_attempt_at):
    return webhook_deliver(delivery_id=delivery_id, now=first_attempt_at + webhooks.LEASE + timedelta(seconds=1))


@pytest.mark.parametrize("start_over", [send_again, lease_runs_out])
def test_an_attempt_overtaken_while_sending_leaves_the_new_attempts_outcome(
    owner_company, receivers, subscribe, monkeypatch, start_over
):
    receiver = receivers(statuses=(200, 500))  # the old attempt's POST is answered 200, the new one's 500
    subscribe(receiver.url)
    first_attempt_at = timezone.now()
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=first_attempt_at)
    delivery_id = event.deliveries.get().pk
    real_post = webhooks._post
    overtaken_by = []

    def post_then_start_over(*args):
        answer = real_post(*args)
        if not overtaken_by:
            # The old attempt got its answer but has not recorded it yet: a new attempt is claimed, sent, recorded.
            overtaken_by.append(None)
            overtaken_by[0] = start_over(delivery_id, first_attempt_at)
        return answer

    monkeypatch.setattr(webhooks, "_post", post_then_start_over)
    old_attempt = webhook_deliver(delivery_id=delivery_id, now=first_attempt_at)

    new_attempt = overtaken_by[0]
    assert (new_attempt.status, new_attempt.attempts, new_attempt.last_status_code) == ("PENDING", 1, 500)
    assert old_attempt is None  # its outcome was not recorded
    stored = WebhookDelivery.objects.get(pk=delivery_id)
    assert (stored.status, stored.attempts, stored.last_status_code) == ("PENDING", 1, 500)
    assert stored.next_attempt_at == new_attempt.next_attempt_at
    assert len(receiver.requests) == 2


def test_an_attempt_not_overtaken_records_its_outcome(owner_company, receiver, subscribe):
    subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivered = webhook_deliver(delivery_id=event.deliveries.get().pk)
    stored = WebhookDelivery.objects.get(pk=delivered.pk)
    assert (stored.status, stored.attempts, stored.last_status_code) == ("SUCCEEDED", 1, 200)
