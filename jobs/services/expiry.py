"""The expiry sweep: live jobs past expiresAt become EXPIRED, in batches, announced to webhooks."""

import json
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from companies.models import WebhookEndpoint
from companies.webhooks.outbox import NewEvent, webhook_events_record

from ..choices import LIVE_STATUSES, JobStatus
from ..events import status_changed_data
from ..models import Job

logger = logging.getLogger(__name__)


# Rows one sweep transaction changes: locks are held for one batch, never for the whole sweep.
SWEEP_BATCH = 10_000


def _expire_due_jobs_batch_returning_watched(now: datetime, batch: int) -> tuple[int, list[tuple[str, int, str]]]:
    """PostgreSQL: one UPDATE of at most `batch` due jobs that also answers how many rows it changed and, for the
    jobs of companies with an active webhook endpoint only, (id, company id, status before).

    The rows are locked FOR UPDATE SKIP LOCKED: a job a partner is editing right now is left for the next batch
    or beat (readers already see it EXPIRED), so the sweep never waits on a partner and a partner never waits
    on more than one batch; two overlapping sweeps take disjoint rows, so each job is changed, and announced,
    once. The status before is read under that lock, so a pause committed first is the "from" announced.

    The UPDATE finds its rows by `id = ANY(the batch's ids)`: a pkey lookup per row. Joined on `id` alone, the planner
    hashed the whole table for every batch, so each batch cost more as the table grew. Not by ctid, though cheaper:
    a row updated by a commit after the statement's snapshot is locked in its newer version, which the UPDATE's
    snapshot cannot see by ctid, so it would stay due yet count in no batch; found by id, its older version leads
    the UPDATE to the locked one."""
    table = Job._meta.db_table
    endpoints = WebhookEndpoint._meta.db_table
    live = [str(status) for status in LIVE_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH before AS (
                SELECT id, status FROM {table} WHERE status = ANY(%s) AND expires_at <= %s
                LIMIT %s FOR UPDATE SKIP LOCKED
            ), changed AS (
                UPDATE {table} AS job SET status = %s, updated_at = %s
                FROM before
                WHERE job.id = ANY(ARRAY(SELECT id FROM before)) AND job.id = before.id
                RETURNING job.id, job.company_id, before.status AS previous
            )
            SELECT
                (SELECT count(*) FROM changed),
                (SELECT coalesce(json_agg(json_build_array(id, company_id, previous)), '[]')
                 FROM changed WHERE company_id IN (SELECT company_id FROM {endpoints} WHERE is_active))
            """,
            [live, now, batch, JobStatus.EXPIRED.value, now],
        )
        rows, watched = cursor.fetchone()
    if isinstance(watched, str):
        watched = json.loads(watched)
    return rows, [tuple(change) for change in watched]


# The job id is a UUID when read through the ORM, a string when read back from PostgreSQL's JSON.
def _announce_expired(watched: Sequence[tuple[UUID | str, int, str]], *, now: datetime) -> None:
    webhook_events_record(
        events=[
            NewEvent(
                company_id=company_id,
                type="job.status_changed",
                data=status_changed_data(job_id=job_id, previous=previous, current=JobStatus.EXPIRED),
            )
            for job_id, company_id, previous in watched
        ],
        now=now,
    )


def _expire_due_jobs_in_batches(*, now: datetime, batch: int, stop: threading.Event | None = None) -> int:
    total = 0
    while stop is None or not stop.is_set():
        # No savepoint: a batch never recovers from an error halfway; the ones committed before stay done.
        with transaction.atomic(savepoint=False):
            rows, watched = _expire_due_jobs_batch_returning_watched(now, batch)
            _announce_expired(watched, now=now)
        total += rows
        # A short batch: fewer due rows were left unlocked; the ones another sweeper holds are its to finish.
        if rows < batch:
            break
    return total


def _expire_due_jobs_in_batches_on_own_connection(*, now: datetime, batch: int, stop: threading.Event) -> int:
    try:
        return _expire_due_jobs_in_batches(now=now, batch=batch, stop=stop)
    except BaseException:
        stop.set()  # the others finish their batch and stop: the beat's next run takes the rest
        raise
    finally:
        # Django closes connections at the end of a request or a task, never a worker thread's own.
        connection.close()


def expire_due_jobs(*, now: datetime | None = None, batch: int = SWEEP_BATCH, connections: int = 1) -> int:
    """Live jobs past expiresAt become EXPIRED, in transactions of at most `batch` jobs; idempotent. Jobs of
    companies with a webhook endpoint get job.status_changed in the transaction that changed them.

    On PostgreSQL, `connections` sweepers run at once, each in its own thread and connection, taking disjoint
    batches (SKIP LOCKED): the database spreads the writes over its cores, where one connection uses one (the beat
    passes settings.SWEEP_CONNECTIONS). When one fails the others stop after their current batch, and the first
    error is raised once all have stopped. Inside a caller's transaction the sweep runs in it, on one connection:
    other connections could not see the caller's uncommitted rows."""
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        # Other databases (SQLite in development) write one transaction at a time: read, then update, at once.
        with transaction.atomic():
            due = Job.objects.due_for_expiry(now=now)
            watching = WebhookEndpoint.objects.filter(is_active=True).values("company_id")
            watched = list(due.filter(company_id__in=watching).values_list("pk", "company_id", "status"))
            rows: int = due.update(status=JobStatus.EXPIRED, updated_at=now)
            _announce_expired(watched, now=now)
        return rows
    if connections <= 1 or connection.in_atomic_block:
        return _expire_due_jobs_in_batches(now=now, batch=batch)
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=connections, thread_name_prefix="expire-jobs") as pool:
        sweepers = [
            pool.submit(_expire_due_jobs_in_batches_on_own_connection, now=now, batch=batch, stop=stop)
            for _ in range(connections)
        ]
    failures = [failure for sweeper in sweepers if (failure := sweeper.exception()) is not None]
    for failure in failures[1:]:
        logger.error("Expiry sweeper failed too", exc_info=failure)
    if failures:
        raise failures[0]
    return sum(sweeper.result() for sweeper in sweepers)
