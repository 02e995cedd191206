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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import Company  # noqa: E402
from jobboard.tasks import expire_jobs  # noqa: E402
from jobs.choices import JobStatus  # noqa: E402
from jobs.models import Job  # noqa: E402


def seed_due_jobs(*, company: Company, jobs: int, batch: int = 100_000, progress: bool = False) -> None:
    """N ACTIVE/PAUSED jobs of the company already past expiresAt, inserted by PostgreSQL itself (INSERT … SELECT
    over generate_series): a million rows in seconds, where building them in Python takes minutes. Columns not
    named here get NULL or their model default, so a new column does not break it."""
    now = timezone.now()
    given = {
        "id": "gen_random_uuid()",
        "company_id": "%(company)s",
        "title": "'Bench ' || n",
        "status": f"CASE WHEN n %% 4 = 0 THEN '{JobStatus.PAUSED}' ELSE '{JobStatus.ACTIVE}' END",
        "published_at": "%(published)s",
        "expires_at": "%(now)s - make_interval(secs => n %% 86400 + 1)",
        "created_at": "%(now)s",
        "updated_at": "%(now)s",
    }
    params: dict[str, Any] = {"company": company.pk, "now": now, "published": now - timedelta(days=31)}
    columns, values = [], []
    for field in Job._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in given:
            values.append(given[field.attname])
        elif field.null and not field.has_default():
            values.append("NULL")
        elif field.get_default() is not None:  # the model default, or "" for text, as bulk_create would store
            params[field.attname] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({field.attname})s")
        else:
            raise SystemExit(f"seed_due_jobs: give a value for Job.{field.attname}")
    sql = (
        f"INSERT INTO {Job._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(%(first)s, %(last)s) AS n"
    )
    started = time.perf_counter()
    for offset in range(0, jobs, batch):
        done = min(offset + batch, jobs)
        with connection.cursor() as cursor:
            cursor.execute(sql, {**params, "first": offset, "last": done - 1})
        if progress:
            print(f"  due jobs: {done:,}/{jobs:,} ({time.perf_counter() - started:.0f}s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=100_000)
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
