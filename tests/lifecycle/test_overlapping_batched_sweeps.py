"""Sweeps in small batches running at once (FOR UPDATE SKIP LOCKED): each due job is expired, and each due offer
ended, by exactly one of them, and announced to the company's webhook endpoint exactly once."""

import copy
from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from companies.models import WebhookEvent
from companies.webhooks.endpoints import webhook_endpoint_create
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.expiry import expire_due_jobs
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from offers.services.sweep import offers_end_due
from tests.helpers import offer_body
from tests.helpers import run_in_parallel as race
from tests.lifecycle.test_sweep import due_jobs

pytestmark = pytest.mark.django_db(transaction=True)

DUE = 400


@pytest.fixture
def watched(owner_company, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True  # a loopback URL: nothing is delivered here, only recorded
    webhook_endpoint_create(
        company=owner_company, url="http://127.0.0.1:9/in", events=["job.status_changed", "offer.hidden"]
    )
    return owner_company


def test_overlapping_batched_job_sweeps_expire_and_announce_each_due_job_once(watched):
    now = timezone.now()
    due_jobs(watched, DUE, now)
    changed = race([partial(expire_due_jobs, now=now, batch=25)] * 3)
    assert sum(changed) == DUE
    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == DUE
    announced = [event.data["jobId"] for event in WebhookEvent.objects.filter(type="job.status_changed")]
    assert len(announced) == len(set(announced)) == DUE
    assert expire_due_jobs(now=now, batch=25) == 0


def test_overlapping_batched_end_sweeps_end_and_announce_each_due_offer_once(watched):
    offer = offer_create(actor=GOD, body={**offer_body(), "owner": watched.pk})
    copies = []
    for i in range(DUE - 1):
        clone = copy.copy(offer)
        clone.pk, clone.title = None, f"Due {i}"
        copies.append(clone)
    Offer.objects.bulk_create(copies)
    now = timezone.now()
    Offer.objects.update(publish_date=now - timedelta(days=2), publish_end_date=now - timedelta(minutes=1))
    changed = race([partial(offers_end_due, now=now, batch=25)] * 3)
    assert sum(changed) == DUE
    assert not Offer.objects.filter(ended_at__isnull=True).exists()
    announced = [event.data["offerId"] for event in WebhookEvent.objects.filter(type="offer.hidden")]
    assert len(announced) == len(set(announced)) == DUE
    assert offers_end_due(now=now, batch=25) == 0
