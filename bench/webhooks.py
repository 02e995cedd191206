#!/usr/bin/env python
"""Benchmark: webhook delivery by one Celery worker to a receiver on 127.0.0.1.

    bin/with-services .venv/bin/python bench/webhooks.py [--events 1000] [--concurrency 1]
    (or any PostgreSQL and Redis: DATABASE_URL=postgres://… REDIS_URL=redis://… SECRET_KEY=… .venv/bin/python …)
    CONN_MAX_AGE=60 bin/with-services …   keeps the worker's database connection between tasks (recommended)

Starts a local receiver and one worker (`--concurrency 1`: the solo pool, one delivery at a time; more: prefork
with that many processes), then measures two things:
- changes: N applications submitted one after another through the real service, each committing its
  application.created event and handing it to the worker; the delay of each from its commit to its arrival at
  the receiver, and events per second from the first commit to the last arrival;
- burst: N events committed in one transaction, so the worker alone sets the pace.
Deletes what it created. Not a test: figures vary with the machine.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
# The receiver listens on loopback, which endpoints may only use when this is on (here and in the worker).
os.environ["WEBHOOK_ALLOW_PRIVATE_URLS"] = "1"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import DeliveryStatus, WebhookDelivery  # noqa: E402
from companies.services import company_create  # noqa: E402
from companies.webhooks.endpoints import webhook_endpoint_create  # noqa: E402
from companies.webhooks.outbox import NewEvent, webhook_events_record  # noqa: E402
from jobs.choices import JobStatus  # noqa: E402
from jobs.models import Job  # noqa: E402
from jobs.services.applications import application_submit  # noqa: E402
from tests.receiver import Receiver  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_worker(concurrency: int, log) -> subprocess.Popen:
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"--concurrency={concurrency}"]
    command = [str(Path(sys.executable).parent / "celery"), "-A", "jobboard", "worker", *pool]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)


def wait_for(receiver: Receiver, count: int, timeout: float) -> None:
    arrived = len(receiver.wait_for(count, timeout=timeout))
    if arrived < count:
        sys.exit(f"only {arrived} of {count} deliveries arrived within {timeout:.0f}s; see the worker log")


def report(name: str, delays: list[float], count: int, window: float) -> None:
    print(
        f"{name}: {count:,} events delivered in {window:.2f}s = {count / window:,.0f} events/s; "
        f"change-to-delivery delay p50 {percentile(delays, 50) * 1000:.0f} ms, "
        f"p95 {percentile(delays, 95) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for each phase's deliveries")
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL to Redis (bin/with-services does both).")
    call_command("migrate", verbosity=0)

    receiver = Receiver().start()
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-webhooks-worker-", suffix=".log", delete=False)
    worker = start_worker(args.concurrency, log)
    company = company_create(name=f"Webhook benchmark {time.time_ns()}")
    try:
        webhook_endpoint_create(company=company, url=receiver.url, events=["application.created", "offer.hidden"])
        now = timezone.now()
        job = Job.objects.create(
            company=company, title="Bench", status=JobStatus.ACTIVE, published_at=now, expires_at=now + timedelta(1)
        )

        # Warm-up: the worker has started and connected once the first delivery arrives.
        with transaction.atomic():
            webhook_events_record(events=[NewEvent(company_id=company.pk, type="offer.hidden", data={})])
        wait_for(receiver, 1, timeout=60)
        pool = "solo pool" if args.concurrency == 1 else f"{args.concurrency} processes"
        print(f"worker ready ({pool}); log: {log.name}")

        base = len(receiver.requests)
        committed: dict[str, float] = {}
        for i in range(args.events):
            application = application_submit(
                job_id=job.pk, candidate_name=f"C{i}", email=f"c{i}@bench.example", answers={}, met_qualification_ids=[]
            )
            committed[str(application.pk)] = time.time()
        produced = time.time()
        wait_for(receiver, base + args.events, timeout=args.timeout)
        arrivals = {r.json["data"]["id"]: r.at for r in receiver.requests[base:]}
        delays = [arrivals[pk] - at for pk, at in committed.items()]
        first = min(committed.values())
        print(f"changes: {args.events:,} applications committed in {produced - first:.2f}s")
        report("changes", delays, args.events, max(arrivals.values()) - first)

        base = len(receiver.requests)
        with transaction.atomic():
            webhook_events_record(
                events=[NewEvent(company_id=company.pk, type="offer.hidden", data={"n": i}) for i in range(args.events)]
            )
        committed_at = time.time()
        wait_for(receiver, base + args.events, timeout=args.timeout)
        burst = [r.at for r in receiver.requests[base:]]
        report("burst", [at - committed_at for at in burst], args.events, max(burst) - committed_at)

        deliveries = WebhookDelivery.objects.filter(endpoint__company=company)
        # The receiver answers before the worker writes the outcome: give the last outcomes a moment.
        deadline = time.monotonic() + 30
        while deliveries.exclude(status=DeliveryStatus.SUCCEEDED).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        succeeded = deliveries.filter(status=DeliveryStatus.SUCCEEDED).count()
        received = len(receiver.requests)
        print(f"deliveries stored: {deliveries.count():,}, succeeded: {succeeded:,}, receiver got {received:,}")
        print(f"median attempts: {statistics.median(deliveries.values_list('attempts', flat=True))}")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        receiver.stop()
        company.delete()


if __name__ == "__main__":
    main()
