"""A real Celery worker, fed through the Redis broker, sweeping the test PostgreSQL database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_create
from jobboard.tasks import end_offers, expire_jobs
from jobs.choices import JobStatus
from jobs.models import Job
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import offer_body

from .conftest import BIN

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_expires_jobs_and_ends_offers(spawn):
    now = timezone.now()
    company = company_create(name="Sweep Co")
    job = Job.objects.create(
        company=company,
        title="Due",
        status=JobStatus.ACTIVE,
        published_at=now - timedelta(days=30, minutes=1),
        expires_at=now - timedelta(minutes=1),
    )
    body = offer_body(owner=company.pk)
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body=body, now=now)
    # An offer whose window has just closed, as it would be after two months.
    Offer.objects.filter(pk=offer.pk).update(
        publish_date=now - timedelta(days=60), publish_end_date=now - timedelta(minutes=1)
    )

    spawn(
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
        "celery-worker.log",
    )

    # Sent through the broker exactly as beat sends them; .get() waits for the worker's answer.
    assert expire_jobs.delay().get(timeout=60) == 1
    assert end_offers.delay().get(timeout=60) == 1
    job.refresh_from_db()
    offer = Offer.objects.get(pk=offer.pk)
    assert job.status == JobStatus.EXPIRED
    assert offer.ended_at is not None and not offer.is_hidden
