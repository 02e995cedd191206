"""The expiry sweep writes through several connections at once (settings.SWEEP_CONNECTIONS for the beat): every
due job is expired and announced exactly once, each sweeper's connection is closed afterwards, a failing sweeper
stops the others, and inside a caller's transaction (or with eager tasks) it sweeps on the caller's connection."""

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from companies.models import WebhookEvent
from companies.webhooks.endpoints import webhook_endpoint_create
from jobboard.tasks import expire_jobs
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import expiry as services
from jobs.services.expiry import expire_due_jobs
from tests.lifecycle.test_sweep import due_jobs

DUE = 400


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def sweeper_backends(monkeypatch) -> list[int]:
    """The PostgreSQL backend each sweeper ran on, in the order they started."""
    backends = []
    sweep = services._expire_due_jobs_in_batches

    def recording_sweep(**kwargs) -> int:
        backends.append(backend_pid())
        return sweep(**kwargs)

    monkeypatch.setattr(services, "_expire_due_jobs_in_batches", recording_sweep)
    return backends


def still_open(backends: list[int]) -> set[int]:
    """The backends still connected, once closed ones have gone (a backend leaves pg_stat_activity just after
    its client closes)."""
    deadline = time.monotonic() + 10
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [backends])
            open_now = {row[0] for row in cursor.fetchall()}
        if not open_now or time.monotonic() > deadline:
            return open_now
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_three_sweepers_on_their_own_connections_expire_and_announce_each_due_job_once_then_close(
    owner_company, settings, sweeper_backends
):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True  # a loopback URL: nothing is delivered here, only recorded
    webhook_endpoint_create(company=owner_company, url="http://127.0.0.1:9/in", events=["job.status_changed"])
    now = timezone.now()
    due_jobs(owner_company, DUE, now)

    assert expire_due_jobs(now=now, batch=25, connections=3) == DUE

    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == DUE
    announced = [event.data["jobId"] for event in WebhookEvent.objects.filter(type="job.status_changed")]
    assert len(announced) == len(set(announced)) == DUE
    assert len(set(sweeper_backends)) == 3 and backend_pid() not in sweeper_backends
    assert still_open(sweeper_backends) == set()


@pytest.mark.django_db(transaction=True)
def test_a_failing_sweeper_stops_the_others_and_the_next_sweep_expires_the_rest(
    owner_company, monkeypatch, sweeper_backends
):
    now = timezone.now()
    due_jobs(owner_company, DUE, now)
    batch = services._expire_due_jobs_batch_returning_watched
    calls, lock = itertools.count(1), threading.Lock()

    def third_batch_fails(*args):
        with lock:
            if next(calls) == 3:
                raise RuntimeError("the database went away")
        return batch(*args)

    monkeypatch.setattr(services, "_expire_due_jobs_batch_returning_watched", third_batch_fails)
    with pytest.raises(RuntimeError, match="went away"):
        expire_due_jobs(now=now, batch=25, connections=3)
    expired = Job.objects.filter(status=JobStatus.EXPIRED).count()
    # Each of the other two sweepers finishes at most the batch it had started: 16 batches were due.
    assert 0 < expired <= 4 * 25
    assert still_open(sweeper_backends) == set()

    monkeypatch.setattr(services, "_expire_due_jobs_batch_returning_watched", batch)
    assert expire_due_jobs(now=now, batch=25, connections=3) == DUE - expired
    assert not Job.objects.filter(status__in=[JobStatus.ACTIVE, JobStatus.PAUSED]).exists()


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_sweeps_through_as_many_connections_as_sweep_connections_says(
    owner_company, settings, sweeper_backends
):
    settings.SWEEP_CONNECTIONS, settings.CELERY_TASK_ALWAYS_EAGER = 2, False
    due_jobs(owner_company, DUE, timezone.now() - timedelta(seconds=1))

    assert expire_jobs() == DUE

    assert not Job.objects.filter(status__in=[JobStatus.ACTIVE, JobStatus.PAUSED]).exists()
    assert len(set(sweeper_backends)) == 2
    assert still_open(sweeper_backends) == set()


@pytest.mark.django_db(transaction=True)
def test_with_eager_tasks_the_beat_task_sweeps_on_its_own_connection_only(owner_company, settings, sweeper_backends):
    settings.SWEEP_CONNECTIONS, settings.CELERY_TASK_ALWAYS_EAGER = 2, True
    due_jobs(owner_company, 30, timezone.now() - timedelta(seconds=1))

    assert expire_jobs() == 30

    assert sweeper_backends == [backend_pid()]


def test_inside_a_transaction_the_sweep_expires_the_callers_uncommitted_jobs_on_its_connection(
    owner_company, sweeper_backends
):
    now = timezone.now()
    due_jobs(owner_company, 30, now)  # not committed: this test runs inside a transaction

    assert expire_due_jobs(now=now, batch=7, connections=3) == 30

    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == 30
    assert sweeper_backends == [backend_pid()]
