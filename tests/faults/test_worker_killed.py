"""A Celery worker killed (SIGKILL) in the middle of the expiry sweep: its transaction never commits, so it changes
nothing; the task it had taken is acknowledged only once done (acks_late), so the broker keeps it and runs it again,
and the runs after it change each due job exactly once: one job.status_changed event, one delivery, per job.

The sweep is held mid-transaction, every due job already updated but nothing committed, by a lock the test takes on
the webhook outbox that the sweep writes to in the same transaction. Workers use a private Redis as their broker,
so a message left behind can never reach another test's worker."""

import gc
import json
import os
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
import redis
from celery import Celery
from django.db import connection
from django.utils import timezone

from companies.models import WebhookEvent
from companies.webhooks.endpoints import webhook_endpoint_create
from jobboard.models import SweepRun
from jobs.choices import JobStatus
from jobs.models import Job

from .conftest import BIN, spawn, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

DUE = 40
SWEEP = "jobboard.tasks.expire_jobs"


@pytest.fixture
def due_jobs(settings, owner_company, receiver):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    # A subscriber, so each expiry is recorded as a job.status_changed event in the sweep's own transaction, and
    # delivered: the partner hears of each job's change exactly once.
    webhook_endpoint_create(company=owner_company, url=receiver.url, events=["job.status_changed"])
    now = timezone.now()
    return Job.objects.bulk_create(
        Job(
            company=owner_company,
            title=f"Due {i}",
            status=JobStatus.ACTIVE,
            published_at=now - timedelta(days=31),
            expires_at=now - timedelta(minutes=1),
        )
        for i in range(DUE)
    )


def conninfo() -> str:
    db = connection.settings_dict
    return f"host={db['HOST']} port={db['PORT']} dbname={db['NAME']} user={db['USER']}"


def blocked_sweeps(observer) -> list[int]:
    """Database sessions of the sweep waiting for the outbox lock: jobs updated, events not yet written."""
    rows = observer.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
        ['%INSERT INTO "companies_webhookevent"%'],
    ).fetchall()
    return [pid for (pid,) in rows]


def session_ended(observer, pid: int) -> bool:
    return not observer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchall()


def unacked_task_ids(broker_url: str) -> set[str]:
    """Tasks a worker has taken from the Redis broker and not acknowledged (kombu's `unacked` hash)."""
    stored = redis.Redis.from_url(broker_url).hvals("unacked")
    return {json.loads(value)[0]["headers"]["id"] for value in stored}


def unacked_for_longer_than(broker_url: str, seconds: float) -> bool:
    """Every unacknowledged task was taken more than `seconds` ago (kombu's `unacked_index`, scored by time)."""
    taken = redis.Redis.from_url(broker_url).zrange("unacked_index", 0, -1, withscores=True)
    return all(time.time() - at > seconds for _, at in taken)


def pool_processes(pid: int) -> list[int]:
    threads = Path(f"/proc/{pid}/task").iterdir()
    return [int(child) for thread in threads for child in (thread / "children").read_text().split()]


def start_worker(children, broker_url: str, log_name: str, pool: str = "solo", **env):
    args = [str(BIN / "celery"), "-A", "jobboard", "worker", f"--pool={pool}", "--concurrency=1"]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    return spawn(children, args, log_name, REDIS_URL=broker_url, WEBHOOK_ALLOW_PRIVATE_URLS="1", **env)


def changes_per_job(receiver) -> Counter:
    """job.status_changed events stored, and deliveries received, per job."""
    stored = Counter(e.data["jobId"] for e in WebhookEvent.objects.filter(type="job.status_changed"))
    received = Counter(r.json["data"]["jobId"] for r in receiver.wait_for(sum(stored.values())))
    assert received == stored
    return stored


def expired() -> int:
    return Job.objects.filter(status=JobStatus.EXPIRED).count()


@pytest.fixture
def beat(private_redis):
    """Sends the sweep as beat does, through the private broker; results come back through it too."""
    app = Celery("faults-beat", broker=private_redis.url, backend=private_redis.url, set_as_current=False)
    yield app
    # Results unsubscribe when collected: do it while this Redis still runs, not in a later test (which would
    # wait for it to come back).
    gc.collect()
    app.close()


@pytest.fixture
def outbox_locked(due_jobs):
    """A session holding the outbox (webhook events) against writes until it rolls back, and one that watches."""
    holder = psycopg.connect(conninfo())
    holder.execute(f"LOCK TABLE {WebhookEvent._meta.db_table} IN SHARE MODE")
    observer = psycopg.connect(conninfo(), autocommit=True)
    yield holder, observer
    holder.close()
    observer.close()


def test_a_worker_killed_mid_sweep_changes_nothing_and_the_sweep_then_changes_each_job_once(
    private_redis, children, beat, outbox_locked, receiver
):
    holder, observer = outbox_locked
    # The default prefork pool, as in production (a solo worker's event loop would not acknowledge before the end).
    first = start_worker(children, private_redis.url, "faults-worker-killed.log", pool="prefork")
    killed_run = beat.send_task(SWEEP)
    wait_until(lambda: blocked_sweeps(observer), "the sweep to wait for the outbox")
    [orphan] = blocked_sweeps(observer)

    # The whole worker at once, as when its machine or container goes: the main process, then its pool process.
    pool = pool_processes(first.pid)
    os.kill(first.pid, signal.SIGKILL)
    for pid in pool:
        os.kill(pid, signal.SIGKILL)
    first.wait()
    holder.rollback()  # the orphaned session may now write its events, but can never commit
    wait_until(lambda: session_ended(observer, orphan), "the killed worker's database session to end")
    assert (expired(), changes_per_job(receiver)) == (0, Counter())
    # Acknowledged late: the broker still holds the task the killed worker had taken.
    assert unacked_task_ids(private_redis.url) == {killed_run.id}

    # A worker starting once the task's visibility timeout has passed (1 s here; CELERY_VISIBILITY_TIMEOUT, an hour
    # by default) takes it again.
    wait_until(lambda: unacked_for_longer_than(private_redis.url, 1), "the visibility timeout to pass")
    start_worker(children, private_redis.url, "faults-worker-after.log", CELERY_VISIBILITY_TIMEOUT="1")
    assert killed_run.get(timeout=60) == DUE
    # The next beat's sweep finds nothing left to change.
    assert beat.send_task(SWEEP).get(timeout=60) == 0

    assert expired() == DUE
    changes = changes_per_job(receiver)
    assert len(changes) == DUE and set(changes.values()) == {1}
    assert SweepRun.objects.get(task="expire_jobs").rows_changed == 0
    assert killed_run.id not in unacked_task_ids(private_redis.url)


def test_a_pool_process_killed_mid_sweep_is_run_again_and_the_sweeps_change_each_job_once(
    private_redis, children, beat, outbox_locked, receiver
):
    holder, observer = outbox_locked
    worker = start_worker(children, private_redis.url, "faults-worker-prefork.log", pool="prefork")
    run = beat.send_task(SWEEP)
    wait_until(lambda: blocked_sweeps(observer), "the sweep to wait for the outbox")
    [orphan] = blocked_sweeps(observer)

    [pool_process] = pool_processes(worker.pid)
    os.kill(pool_process, signal.SIGKILL)
    # reject_on_worker_lost: the worker hands the task back to the broker and a new pool process runs it at once
    # (without it, the result would be a WorkerLostError). That run skips the jobs the killed session still
    # holds locked (SKIP LOCKED), so it changes none of them...
    assert run.get(timeout=60) == 0
    holder.rollback()
    wait_until(lambda: session_ended(observer, orphan), "the killed process's database session to end")
    assert expired() == 0
    # ...and the next beat's sweep changes every one of them, once.
    assert beat.send_task(SWEEP).get(timeout=60) == DUE
    assert expired() == DUE
    changes = changes_per_job(receiver)
    assert len(changes) == DUE and set(changes.values()) == {1}
