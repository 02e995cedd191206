#!/usr/bin/env python
"""Benchmark: a saved-search digest run over 100,000 confirmed alerts on a board of 200,000 postings.

    bin/with-services .venv/bin/python bench/alerts.py [--postings 200000] [--alerts 100000]
    (or any PostgreSQL: DATABASE_URL=postgres://… SECRET_KEY=… .venv/bin/python bench/alerts.py)

Seeds (INSERT … SELECT, in seconds) a company's live jobs published over the last 30 days, all older than the
alerts' watermark, then a few hundred postings published since it, a tenth of which match the searches of 1% of
the alerts. Every alert is confirmed and due, each following one of 3,000 searches (a skill word, a third also
remote-only). Runs the same service the beat runs, with mail rendered and handed to a local SMTP server (aiosmtpd)
in this process, and prints due alerts per second end to end, the time of a run with no alert due, peak memory,
and the EXPLAIN plan of the per-alert read. Targets are printed, never asserted: figures vary with the machine.
Deletes what it seeded.
"""

import argparse
import logging
import os
import resource
import socket
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")
# No broker: mail is sent in this process after each batch commits (as without Redis), to the local SMTP server.
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import Company  # noqa: E402
from jobboard.models import SearchAlert  # noqa: E402
from jobboard.selectors import alert_match_queries  # noqa: E402
from jobboard.services import search_alerts_send_due  # noqa: E402
from jobs.models import Job  # noqa: E402
from jobs.search_index import jobs_refresh_search_vectors  # noqa: E402
from plumbing.models import OutboxMail  # noqa: E402

# aiosmtpd logs every command of every mail at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)

SEARCHES = 1000  # skill words; each also searched remote-only by a third of its alerts
MATCHING_SKILLS = 10  # 1% of the searches get new postings
NEW_POSTINGS = 300
TARGET_RATE, TARGET_IDLE_SECONDS, TARGET_PEAK_MB = 200, 1.0, 300


class CountingHandler:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


def _insert_select(model: Any, given: dict[str, str], params: dict[str, Any], first: int, last: int) -> None:
    """Rows first..last of `model` inserted by PostgreSQL itself over generate_series (n is the row's index);
    columns not given get NULL or the model default, so a new column does not break it."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname == "id" and "id" not in given:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in given:
            values.append(given[field.attname])
        elif field.null and not field.has_default():
            values.append("NULL")
        elif field.get_default() is not None:
            params[field.attname] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({field.attname})s")
        else:
            raise SystemExit(f"give a value for {model.__name__}.{field.attname}")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(%(first)s, %(last)s) AS n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "first": first, "last": last})


def seed_postings(*, company: Company, postings: int, watermark: Any, now: Any) -> None:
    """Old postings (before the watermark) titled with a skill word, then NEW_POSTINGS after it, the first tenth
    of which name one of the MATCHING_SKILLS skills and are remote (so remote-only alerts match too)."""
    common = {
        "company_id": "%(company)s",
        "status": "'ACTIVE'",
        "expires_at": "%(now)s + interval '30 days'",
        "created_at": "%(now)s",
        "updated_at": "%(now)s",
        "remote_option": "CASE WHEN n %% 5 = 0 THEN 'REMOTE' ELSE 'HYBRID' END",
        "remote_country": "CASE WHEN n %% 5 = 0 THEN 'United States' ELSE '' END",
    }
    old = {
        **common,
        "id": "gen_random_uuid()",
        "title": "'Engineer skill' || (n %% 1000) || ' role ' || n",
        "published_at": "%(watermark)s - make_interval(secs => 1 + n * 12)",
    }
    params = {"company": company.pk, "now": now, "watermark": watermark}
    for offset in range(0, postings, 100_000):
        _insert_select(Job, old, dict(params), offset, min(offset + 100_000, postings) - 1)
    new = {
        **common,
        "id": "gen_random_uuid()",
        "title": f"CASE WHEN n < {NEW_POSTINGS // 10} THEN 'Senior skill' || (n %% {MATCHING_SKILLS}) "
        "ELSE 'Generalist ' || n END",
        "remote_option": "CASE WHEN n %% 5 = 0 OR n < 30 THEN 'REMOTE' ELSE 'HYBRID' END",
        "remote_country": "CASE WHEN n %% 5 = 0 OR n < 30 THEN 'United States' ELSE '' END",
        "published_at": "%(watermark)s + make_interval(secs => 1 + n)",
    }
    _insert_select(Job, new, dict(params), 0, NEW_POSTINGS - 1)
    jobs_refresh_search_vectors(jobs=Job.objects.filter(company=company))


def seed_alerts(*, alerts: int, watermark: Any) -> None:
    given = {
        "email": "'person' || n || '@alerts-bench.example'",
        "query": f"'q=skill' || (n %% {SEARCHES}) || CASE WHEN n %% 3 = 0 THEN '&workplace=remote' ELSE '' END",
        "frequency": "'DAILY'",
        "created_at": "%(watermark)s - interval '2 days'",
        "confirm_token_hash": "md5('a' || n) || md5('b' || n)",
        "confirmed_at": "%(watermark)s - interval '2 days'",
        "due_at": "%(watermark)s",
        "covered_until": "%(watermark)s",
    }
    for offset in range(0, alerts, 100_000):
        _insert_select(SearchAlert, given, {"watermark": watermark}, offset, min(offset + 100_000, alerts) - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--alerts", type=int, default=100_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    if SearchAlert.objects.exists():
        sys.exit("The database already holds alerts: run on a scratch database.")

    smtp = CountingHandler()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    controller = Controller(smtp, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    now = timezone.now()
    watermark = now - timedelta(hours=1)
    company = Company.objects.create(name="Alerts benchmark", slug=f"alerts-bench-{time.time_ns()}")
    try:
        started = time.perf_counter()
        seed_postings(company=company, postings=args.postings, watermark=watermark, now=now)
        seed_alerts(alerts=args.alerts, watermark=watermark)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE jobs_job; ANALYZE jobboard_searchalert")
        print(
            f"seeded {args.postings:,} postings (+{NEW_POSTINGS} new) and {args.alerts:,} due alerts "
            f"in {time.perf_counter() - started:.1f}s"
        )

        sample = SearchAlert.objects.filter(query="q=skill3&workplace=remote").first()
        if sample is not None:
            for kind, found in alert_match_queries(query=sample.query, since=watermark, now=now, limit=21):
                print(f"\nEXPLAIN ANALYZE of the per-alert read ({kind}s, {sample.query}):")
                print(found.explain(analyze=True))

        started = time.perf_counter()
        run = search_alerts_send_due(now=timezone.now())
        elapsed = time.perf_counter() - started
        rate = run.alerts / elapsed
        print(
            f"\ndigest run: {run.alerts:,} due alerts, {run.digests:,} digests ({smtp.received:,} received by SMTP) "
            f"in {elapsed:.1f}s: {rate:,.0f} due alerts/s (target >= {TARGET_RATE})"
        )
        started = time.perf_counter()
        idle = search_alerts_send_due(now=timezone.now())
        idle_seconds = time.perf_counter() - started
        print(
            f"run with no alert due: {idle.alerts} alerts in {idle_seconds * 1000:.1f}ms "
            f"(target < {TARGET_IDLE_SECONDS:.0f} s)"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak memory (ru_maxrss): {peak:.0f} MB (target < {TARGET_PEAK_MB} MB)")
    finally:
        controller.stop()
        SearchAlert.objects.filter(email__endswith="@alerts-bench.example").delete()
        OutboxMail.objects.filter(to__endswith="@alerts-bench.example").delete()
        company.delete()


if __name__ == "__main__":
    main()
