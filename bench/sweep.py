#!/usr/bin/env python
"""Benchmark: how long the expiry sweep takes over N due jobs in PostgreSQL.

    bin/with-services .venv/bin/python bench/sweep.py [--jobs 100000]
    (or any PostgreSQL: DATABASE_URL=postgres://… SECRET_KEY=… .venv/bin/python bench/sweep.py)

Seeds N ACTIVE/PAUSED jobs already past expiresAt in a scratch company, runs the same task the beat
runs, prints the timing, then deletes what it seeded. Not a test: figures vary with the machine.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import Company  # noqa: E402
from jobboard.tasks import expire_jobs  # noqa: E402
from jobs.models import Job, JobStatus  # noqa: E402


def seed_due_jobs(*, company: Company, jobs: int, batch: int = 10_000, progress: bool = False) -> None:
    """N ACTIVE/PAUSED jobs of the company already past expiresAt, with bulk inserts (bin/bench --sweep uses it)."""
    now = timezone.now()
    started = time.perf_counter()
    for offset in range(0, jobs, batch):
        Job.objects.bulk_create(
            Job(
                company=company,
                title=f"Bench {i}",
                status=JobStatus.ACTIVE if i % 4 else JobStatus.PAUSED,
                published_at=now - timedelta(days=31),
                expires_at=now - timedelta(seconds=i % 86_400 + 1),
            )
            for i in range(offset, min(offset + batch, jobs))
        )
        done = min(offset + batch, jobs)
        if progress and (done % 100_000 == 0 or done == jobs):
            print(f"  due jobs: {done:,}/{jobs:,} ({time.perf_counter() - started:.0f}s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)

    company = Company.objects.create(name="Sweep benchmark", slug=f"sweep-bench-{time.time_ns()}")
    started = time.perf_counter()
    seed_due_jobs(company=company, jobs=args.jobs, batch=args.batch)
    print(f"seeded {args.jobs:,} due jobs in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_job")

    started = time.perf_counter()
    changed = expire_jobs()
    elapsed = time.perf_counter() - started
    print(f"sweep: {changed:,} jobs -> EXPIRED in {elapsed:.2f}s ({changed / elapsed:,.0f} jobs/s)")

    started = time.perf_counter()
    again = expire_jobs()
    print(f"second sweep (nothing due): {again} jobs in {(time.perf_counter() - started) * 1000:.1f}ms")

    company.delete()


if __name__ == "__main__":
    main()
