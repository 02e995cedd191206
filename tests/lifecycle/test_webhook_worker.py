"""A real Celery worker, fed through the Redis broker, delivers webhooks from the test PostgreSQL database to a
receiver on 127.0.0.1, signed; a delivery no worker took is sent again by the beat's task."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import DeliveryStatus, WebhookDelivery
from companies.services import company_create
from companies.tasks import requeue_lost_webhooks
from companies.webhooks import outbox as webhooks
from companies.webhooks.endpoints import webhook_endpoint_create
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.applications import application_submit
from tests.receiver import signature_verifies

from .conftest import BIN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(spawn, monkeypatch, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_URLS", "1")
    return spawn(
        [
            str(BIN / "celery"),
            "-A",
            "jobboard",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        "celery-webhook-worker.log",
    )


def wait_until_delivered(delivery_id, timeout=60.0) -> WebhookDelivery:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = WebhookDelivery.objects.get(pk=delivery_id)
        if delivery.status == DeliveryStatus.SUCCEEDED:
            return delivery
        time.sleep(0.1)
    raise AssertionError(f"delivery {delivery_id} still {delivery.status} after {timeout}s")


def test_a_worker_delivers_application_created_to_the_receiver(receiver, worker):
    company = company_create(name="Hooked Co")
    issued = webhook_endpoint_create(company=company, url=receiver.url, events=["application.created"])
    now = timezone.now()
    job = Job.objects.create(
        company=company, title="Live", status=JobStatus.ACTIVE, published_at=now, expires_at=now + timedelta(days=30)
    )

    application = application_submit(
        job_id=job.pk, candidate_name="Grace", email="grace@example.com", answers={}, met_qualification_ids=[]
    )

    (received,) = receiver.wait_for(1, timeout=60)
    assert signature_verifies(received, issued.secret, tolerance=300)
    assert received.json["type"] == "application.created"
    assert received.json["data"]["id"] == str(application.pk)
    delivery = wait_until_delivered(WebhookDelivery.objects.get().pk)
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)


def test_the_beat_task_sends_a_delivery_whose_hand_off_was_lost(receiver, worker, monkeypatch):
    company = company_create(name="Lost Co")
    webhook_endpoint_create(company=company, url=receiver.url, events=["offer.hidden"])
    # As if the broker had been down when the change committed: nothing reaches a worker.
    monkeypatch.setattr(webhooks, "webhook_deliveries_enqueue", skip_enqueue)
    recorded_at = timezone.now() - webhooks.LOST_AFTER - timedelta(seconds=5)
    event = webhooks.webhook_event_record(
        company_id=company.pk, type="offer.hidden", data={"offerId": "1", "hiddenReason": "ENDED"}, now=recorded_at
    )
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING

    assert requeue_lost_webhooks.delay().get(timeout=60) == 1
    (received,) = receiver.wait_for(1, timeout=60)
    assert received.json["id"] == event.pk
    wait_until_delivered(WebhookDelivery.objects.get().pk)
    assert requeue_lost_webhooks.delay().get(timeout=60) == 0


def skip_enqueue(*, delivery_ids):
    pass


def test_the_beat_sends_lost_webhooks_every_minute():
    from jobboard.celery import app

    entry = app.conf.beat_schedule["requeue-lost-webhooks"]
    assert entry == {"task": "companies.tasks.requeue_lost_webhooks", "schedule": 60.0}
    assert {"companies.tasks.requeue_lost_webhooks", "companies.tasks.deliver_webhook"} <= set(app.tasks)
