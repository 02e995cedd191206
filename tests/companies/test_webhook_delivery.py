"""Signed delivery of webhook events to a local receiver: the signature verifies, failures are retried with
backoff until a 2xx or 24 hours, an endpoint failing for 3 days is switched off, and a rolled-back change sends
nothing."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from companies.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from companies.validators import WEBHOOK_ADDRESS_REFUSAL
from companies.webhooks import delivery as webhooks
from companies.webhooks.delivery import webhook_deliver, webhook_delivery_resend
from companies.webhooks.outbox import webhook_event_record
from jobs.services.applications import application_submit
from tests.receiver import signature_verifies

pytestmark = pytest.mark.django_db


def apply(job, name="Ada Lovelace"):
    return application_submit(
        job_id=job["id"],
        candidate_name=name,
        email="ada@example.com",
        answers={},
        met_qualification_ids=[int(q["id"]) for q in job["qualifications"]],
    )


def test_an_application_is_delivered_as_application_created_with_a_signature_that_verifies(
    create_job, receiver, subscribe, django_capture_on_commit_callbacks
):
    endpoint, secret = subscribe(receiver.url, events=["application.created"])
    job = create_job(publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job)

    (received,) = receiver.wait_for(1)
    assert received.path == "/hooks"
    assert received.headers["Content-Type"] == "application/json"
    assert signature_verifies(received, secret, tolerance=300)
    assert not signature_verifies(received, secret + "x")
    body = received.json
    assert body["id"].startswith("evt_") and body["type"] == "application.created"
    assert body["createdAt"].endswith("Z")
    question = job["questions"][0]
    assert body["data"] == {
        "id": str(application.pk),
        "jobId": job["id"],
        "candidateName": "Ada Lovelace",
        "email": "ada@example.com",
        "answers": [],
        "metQualificationIds": [str(q["id"]) for q in job["qualifications"]],
        "qualified": True,
        "status": "PENDING",
        "viewed": False,
        "createdAt": body["data"]["createdAt"],
        "charge": {"charged": True, "amountCents": 500, "reason": None},
    }
    assert question  # the job asks a question; this candidate left it unanswered
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.SUCCEEDED, 1, 200)
    assert delivery.event_id == body["id"]


def test_answers_are_sent_in_the_jobs_question_order(
    create_job, receiver, subscribe, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["application.created"])
    job = create_job(publish=True, questions=[{"prompt": "A?", "options": []}, {"prompt": "B?", "options": []}])
    first, second = (str(q["id"]) for q in job["questions"])
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(
            job_id=job["id"],
            candidate_name="Bo",
            email="bo@example.com",
            answers={second: "later", first: "now"},
            met_qualification_ids=[],
        )
    data = receiver.wait_for(1)[0].json["data"]
    assert data["answers"] == [{"questionId": first, "answer": "now"}, {"questionId": second, "answer": "later"}]
    assert data["qualified"] is False and data["metQualificationIds"] == []


def test_an_endpoint_not_subscribed_to_the_event_gets_nothing_and_nothing_is_stored(
    create_job, receiver, subscribe, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["offer.hidden"])
    job = create_job(publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        apply(job)
    assert WebhookEvent.objects.filter(type="application.created").count() == 0
    assert receiver.requests == []


def test_a_failing_receiver_gets_the_delivery_again_with_backoff_until_it_answers_2xx(
    owner_company, receivers, subscribe, django_capture_on_commit_callbacks
):
    receiver = receivers(statuses=(500, 500, 200))
    endpoint, secret = subscribe(receiver.url)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"offerId": "7"}, now=now)
    delivery = WebhookDelivery.objects.get(event=event)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("PENDING", 1, 500)
    first_wait = delivery.next_attempt_at - now
    assert timedelta(seconds=20) <= first_wait <= timedelta(seconds=40)
    assert webhook_deliver(delivery_id=delivery.pk, now=now + timedelta(seconds=5)) is None  # not due yet

    later = delivery.next_attempt_at
    second = webhook_deliver(delivery_id=delivery.pk, now=later)
    assert (second.status, second.attempts, second.last_status_code) == ("PENDING", 2, 500)
    assert second.next_attempt_at - later >= timedelta(seconds=40)  # the wait doubles (within jitter)
    assert now <= WebhookEndpoint.objects.get(pk=endpoint.pk).failing_since < later  # since the first attempt

    third = webhook_deliver(delivery_id=delivery.pk, now=second.next_attempt_at)
    assert (third.status, third.attempts, third.last_status_code, third.next_attempt_at) == ("SUCCEEDED", 3, 200, None)
    requests = receiver.wait_for(3)
    assert len(requests) == 3
    assert {r.json["id"] for r in requests} == {event.pk}  # one event id: the receiver deduplicates by it
    assert all(signature_verifies(r, secret) for r in requests)
    # Each attempt is signed at its own time.
    assert len({r.headers["Jobboard-Signature"] for r in requests}) == 3
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).failing_since is None
    assert webhook_deliver(delivery_id=delivery.pk, now=third.last_attempt_at + timedelta(hours=1)) is None


def test_a_delivery_still_failing_after_24_hours_is_failed_for_good(owner_company, receivers, subscribe):
    receiver = receivers(statuses=(503,))
    subscribe(receiver.url)
    now = timezone.now()
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=now)
    delivery = WebhookDelivery.objects.get(event=event)
    assert webhook_deliver(delivery_id=delivery.pk, now=now).status == "PENDING"
    last = webhook_deliver(delivery_id=delivery.pk, now=now + timedelta(hours=24))
    assert (last.status, last.attempts, last.last_status_code, last.next_attempt_at) == ("FAILED", 2, 503, None)
    assert webhook_deliver(delivery_id=delivery.pk, now=now + timedelta(hours=30)) is None


def test_an_endpoint_failing_for_three_days_is_switched_off_with_the_reason(owner_company, receivers, subscribe):
    receiver = receivers(statuses=(500,))
    endpoint, _ = subscribe(receiver.url)
    start = timezone.now()
    first = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=start)
    webhook_deliver(delivery_id=first.deliveries.get().pk, now=start)
    day_two = start + timedelta(days=2)
    second = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=day_two)
    webhook_deliver(delivery_id=second.deliveries.get().pk, now=day_two)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).is_active

    day_three = start + timedelta(days=3, minutes=1)
    third = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=day_three)
    webhook_deliver(delivery_id=third.deliveries.get().pk, now=day_three)
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "no delivery has succeeded since" in endpoint.disabled_reason and "HTTP 500" in endpoint.disabled_reason

    # Pending retries of a switched-off endpoint are not sent, and new events are not recorded for it.
    pending = second.deliveries.get()
    assert webhook_deliver(delivery_id=pending.pk, now=day_three + timedelta(hours=1)).status == "FAILED"
    assert webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=day_three) is None
    assert len(receiver.requests) == 3


def test_a_success_in_between_resets_the_three_days(owner_company, receivers, subscribe):
    receiver = receivers(statuses=(500, 200, 500))
    endpoint, _ = subscribe(receiver.url)
    start = timezone.now()
    for offset in (timedelta(0), timedelta(days=2), timedelta(days=3, minutes=1)):
        event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=start + offset)
        webhook_deliver(delivery_id=event.deliveries.get().pk, now=start + offset)
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.failing_since == start + timedelta(days=3, minutes=1)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(owner_company, receivers, subscribe):
    receiver = receivers(statuses=(302,))
    subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    assert (delivery.status, delivery.last_status_code) == ("PENDING", 302)
    assert len(receiver.requests) == 1


def test_a_receiver_slower_than_the_timeout_fails_the_attempt(owner_company, receivers, subscribe, monkeypatch):
    monkeypatch.setattr(webhooks, "DELIVERY_TIMEOUT", 0.3)
    receiver = receivers(delay=1.0)
    subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    assert delivery.status == "PENDING" and delivery.last_status_code is None
    assert "0.3 seconds" in delivery.last_error


def test_an_unreachable_receiver_is_a_failed_attempt_not_an_error(owner_company, receivers, subscribe):
    receiver = receivers()
    subscribe(receiver.url)
    receiver.stop()
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    assert delivery.status == "PENDING" and delivery.attempts == 1 and delivery.last_status_code is None
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()


def test_a_url_now_resolving_to_a_private_address_is_not_called(owner_company, receiver, subscribe, settings):
    subscribe(receiver.url)
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    assert delivery.status == "PENDING" and delivery.last_error == WEBHOOK_ADDRESS_REFUSAL
    assert "127.0.0.1" not in delivery.last_error  # our resolver's answers stay ours
    assert receiver.requests == []


def test_send_again_starts_a_failed_delivery_over_and_sends_it(
    owner_company, receivers, subscribe, django_capture_on_commit_callbacks
):
    receiver = receivers(statuses=(500, 500, 200))
    subscribe(receiver.url)
    now = timezone.now() - timedelta(days=2)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=now)
    delivery = event.deliveries.get()
    webhook_deliver(delivery_id=delivery.pk, now=now)
    webhook_deliver(delivery_id=delivery.pk, now=now + timedelta(hours=25))
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "FAILED"

    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_resend(delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("SUCCEEDED", 1, 200)
    assert len(receiver.wait_for(3)) == 3


def test_two_workers_handed_one_delivery_send_it_once(owner_company, receiver, subscribe):
    subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery_id = event.deliveries.get().pk
    assert webhook_deliver(delivery_id=delivery_id).status == "SUCCEEDED"
    assert webhook_deliver(delivery_id=delivery_id) is None
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_records_and_sends_nothing(create_job, receiver, subscribe):
    subscribe(receiver.url)
    job = create_job(publish=True)
    received_before = len(receiver.wait_for(1))  # the publish itself: job.status_changed
    events_before = WebhookEvent.objects.count()

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        apply(job)
        raise Abandoned()
    assert WebhookEvent.objects.count() == events_before
    assert WebhookDelivery.objects.count() == events_before

    apply(job, name="Committed")  # the same change, committed, is delivered at once
    requests = receiver.wait_for(received_before + 1)
    assert [r.json["type"] for r in requests] == ["job.status_changed", "application.created"]
    assert requests[-1].json["data"]["candidateName"] == "Committed"
