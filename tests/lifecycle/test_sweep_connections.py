"""The expiry sweep writes through several connections at once (settings.SWEEP_CONNECTIONS for the beat): every
due job is expired and announced exactly once, no connection is left open, and inside a caller's transaction it
sweeps in that transaction (the others could not see its rows)."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from companies.models import WebhookEvent
from companies.webhooks import webhook_endpoint_create
from jobboard.tasks import expire_jobs
from jobs.models import Job, JobStatus
from jobs.services import expire_due_jobs
from tests.lifecycle.test_sweep import due_jobs

DUE = 400


def open_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def settled_connections(expected: int) -> int:
    """The open connections once closed ones have gone (a backend leaves pg_stat_activity just after its close)."""
    deadline = time.monotonic() + 10
    while (now_open := open_connections()) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return now_open


@pytest.mark.django_db(transaction=True)
def test_a_sweep_through_three_connections_expires_and_announces_each_due_job_once(owner_company, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True  # a loopback URL: nothing is delivered here, only recorded
    webhook_endpoint_create(company=owner_company, url="http://127.0.0.1:9/in", events=["job.status_changed"])
    now = timezone.now()
    due_jobs(owner_company, DUE, now)
    before = open_connections()

    assert expire_due_jobs(now=now, batch=25, connections=3) == DUE

    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == DUE
    announced = [event.data["jobId"] for event in WebhookEvent.objects.filter(type="job.status_changed")]
    assert len(announced) == len(set(announced)) == DUE
    assert settled_connections(before) == before
    assert expire_due_jobs(now=now, batch=25, connections=3) == 0


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_sweeps_through_the_configured_connections(owner_company, settings):
    settings.SWEEP_CONNECTIONS = 2
    due_jobs(owner_company, DUE, timezone.now() - timedelta(seconds=1))
    before = open_connections()

    assert expire_jobs() == DUE

    assert not Job.objects.filter(status__in=[JobStatus.ACTIVE, JobStatus.PAUSED]).exists()
    assert settled_connections(before) == before


def test_inside_a_transaction_the_sweep_sees_and_expires_the_callers_uncommitted_jobs(owner_company):
    now = timezone.now()
    due_jobs(owner_company, 30, now)  # not committed: this test runs inside a transaction

    assert expire_due_jobs(now=now, batch=7, connections=3) == 30

    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == 30
