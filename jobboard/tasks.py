"""Celery beat housekeeping. Visibility never depends on these: they keep stored state true.

Each task is one set-based UPDATE guarded by its own WHERE clause, so it is idempotent and two
overlapping beats cannot change a row twice.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from companies.tasks import requeue_lost_webhooks
from jobs.services.expiry import expire_due_jobs
from jobs.services.idempotency_keys import idempotency_keys_purge
from jobs.services.notices import application_digests_send, jobs_warn_expiring
from offers.services.sweep import offers_end_due
from plumbing.counting import counts_flush
from plumbing.tasks import purge_sent_mail, requeue_lost_mail

from .models import SweepRun
from .services import search_alerts_purge_unconfirmed, search_alerts_send_due

logger = logging.getLogger(__name__)

# Acknowledged only once done, and handed back to the broker when the process running it dies (SIGKILL, out of
# memory): a sweep a lost worker had taken runs again instead of being lost with it. Safe because each sweep is
# idempotent: a run after a lost one changes only what is still due.
HOUSEKEEPING: dict[str, Any] = {"acks_late": True, "reject_on_worker_lost": True}


def record_run(*, task: str, now: datetime, rows: int) -> None:
    # Insert-or-update in one statement: safe when two workers finish at once.
    SweepRun.objects.bulk_create(
        [SweepRun(task=task, last_run_at=now, rows_changed=rows)],
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=["last_run_at", "rows_changed"],
    )


def _sweep(task: str, service: Callable[..., int], what: str, **options: int) -> int:
    now = timezone.now()
    rows = service(now=now, **options)
    record_run(task=task, now=now, rows=rows)
    logger.info("%s: %d %s", task, rows, what)
    return rows


@shared_task(name="jobboard.tasks.expire_jobs", **HOUSEKEEPING)
def expire_jobs() -> int:
    # Without a broker, tasks run eagerly: the webhook deliveries each batch enqueues would run inside the sweeper
    # threads, several at once, and Celery's eager mode is not made for that. One connection then.
    connections = 1 if settings.CELERY_TASK_ALWAYS_EAGER else settings.SWEEP_CONNECTIONS
    return _sweep("expire_jobs", expire_due_jobs, "job(s) moved to EXPIRED", connections=connections)


@shared_task(name="jobboard.tasks.end_offers", **HOUSEKEEPING)
def end_offers() -> int:
    return _sweep("end_offers", offers_end_due, "offer(s) marked ended")


@shared_task(name="jobboard.tasks.purge_idempotency_keys", **HOUSEKEEPING)
def purge_idempotency_keys() -> int:
    # Housekeeping only (expired keys are already ignored at request time), so no SweepRun: /healthz's
    # lastSweepAt is about the lifecycle sweep.
    rows = idempotency_keys_purge(now=timezone.now())
    logger.info("purge_idempotency_keys: %d idempotency key(s) past 24 hours deleted", rows)
    return rows


@shared_task(name="jobboard.tasks.warn_expiring_jobs", **HOUSEKEEPING)
def warn_expiring_jobs() -> int:
    # Not a SweepRun: /healthz's lastSweepAt is about the lifecycle sweep. Each job is warned once per expiry date
    # (marked in the transaction that queues its mail), so running this often, or twice at once, is harmless.
    rows = jobs_warn_expiring(now=timezone.now())
    logger.info("warn_expiring_jobs: staff of %d job(s) expiring within 3 days told", rows)
    return rows


@shared_task(name="jobboard.tasks.send_application_digests", **HOUSEKEEPING)
def send_application_digests() -> int:
    # Yesterday's (UTC) applications, to each staff member who chose the daily digest; each digest is recorded with
    # its mail, so a second run the same day sends nothing.
    sent = application_digests_send(now=timezone.now())
    logger.info("send_application_digests: %d digest(s) sent", sent)
    return sent


@shared_task(name="jobboard.tasks.send_search_alerts", **HOUSEKEEPING)
def send_search_alerts() -> int:
    """Every due saved-search digest; a run that overlaps another (a late hour, the command by hand) sends none
    twice (jobboard.services.search_alerts_send_due)."""
    run = search_alerts_send_due(now=timezone.now())
    logger.info("send_search_alerts: %d due alert(s), %d digest(s) sent", run.alerts, run.digests)
    return run.digests


@shared_task(name="jobboard.tasks.purge_unconfirmed_alerts", **HOUSEKEEPING)
def purge_unconfirmed_alerts() -> int:
    rows = search_alerts_purge_unconfirmed(now=timezone.now())
    logger.info("purge_unconfirmed_alerts: %d alert(s) never confirmed deleted", rows)
    return rows


@shared_task(name="jobboard.tasks.flush_counts", **HOUSEKEEPING)
def flush_counts() -> int:
    """Adds the views and apply clicks counted in Redis into the daily tables, each once (plumbing.counting)."""
    added = counts_flush(now=timezone.now())
    logger.info("flush_counts: %d counter(s) added into the daily tables", added)
    return added


def run_lifecycle_sweep() -> dict[str, int]:
    """The beat's housekeeping in this process, as the beat would run it. Without Redis there is no beat, so this
    is also what retries failed webhook deliveries and mail, purges old idempotency keys and sent mail, warns of
    expiring jobs and sends the daily application digests there (each digest once a day, however often it runs)."""
    return {
        "expire_jobs": expire_jobs(),
        "end_offers": end_offers(),
        "requeue_lost_webhooks": requeue_lost_webhooks(),
        "requeue_lost_mail": requeue_lost_mail(),
        "purge_idempotency_keys": purge_idempotency_keys(),
        "purge_sent_mail": purge_sent_mail(),
        "warn_expiring_jobs": warn_expiring_jobs(),
        "send_application_digests": send_application_digests(),
        "purge_unconfirmed_alerts": purge_unconfirmed_alerts(),
        "flush_counts": flush_counts(),
    }
