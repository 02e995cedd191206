#!/usr/bin/env python
"""Benchmark: what analytics cost a page. Run it through `bin/bench --analytics [--quick]`.

1. A public job page and an offer page with view counting on against off, side by side in one run: two gunicorn
   servers on the same data (one with COUNT_POSTING_VISITS=0), loaded in turn, off then on, for several rounds;
   the medians are compared (target: within 5%). Three kinds of traffic: new visitors (common browsers from new
   addresses: each request counted), every request with a User-Agent never seen (the crawler check cannot be
   remembered: the worst case), and one browser reloading (the repeat check answers, nothing is counted).
2. A job's dashboard page showing 90 days and the partner stats API for 90 days, for a job with 10 counted views
   and one with 10,000,000, among other jobs' daily rows: the same queries and the same time (the range's daily
   rows are read through the (job, day) index, whatever the numbers in them).

Seeds with bench/seed.py (the partner company's jobs and the offers), plus 90 days of daily rows for every partner
job. Prints a report and writes bench/results/<time>-analytics[-quick].md (and latest-analytics.md). Figures are
printed, never asserted: they vary with the machine and with whatever else runs on it.
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

import django  # noqa: E402
import redis  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import seed  # noqa: E402
from bench.report import machine  # noqa: E402
from bench.servers import CONNECTIONS, WORKERS, Server, query_count, stop_servers_on_exit, wrk  # noqa: E402
from companies.models import Membership  # noqa: E402
from jobs.models import JobDay  # noqa: E402
from offers.models import Offer  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# A browser's User-Agent, the same on every request: one person reloading.
RETURNING_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
QUIET_JOB, BUSY_JOB = seed.job_id(6), seed.job_id(7)
CHART_DAYS = 90
STAFF_EMAIL = "bench-staff@bench.example"


def seed_days(*, partner, today, busy_views: int) -> int:
    """90 days of daily rows for every partner job (a few views, applications and spend each), then the quiet job's
    90 days holding 10 views in all and the busy job's 10,000,000 (their other figures alike). Returns the rows."""
    start = today - timedelta(days=CHART_DAYS - 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM jobs_jobday")
        cursor.execute(
            """
            INSERT INTO jobs_jobday (job_id, day, views, applications, qualified_applications, accepted, rejected,
                                     spend_cents)
            SELECT job.id, day::date, 5 + (abs(hashtext(job.id::text || day::text)) %% 40), 1, 1, 0, 0, 500
            FROM jobs_job job CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS day
            WHERE job.company_id = %s
            """,
            [start, today, partner.pk],
        )
        per_day, extra = divmod(busy_views, CHART_DAYS)
        cursor.execute(
            "UPDATE jobs_jobday SET views = CASE WHEN job_id = %s THEN (CASE WHEN day < %s THEN 1 ELSE 0 END) "
            "ELSE %s + (CASE WHEN day = %s THEN %s ELSE 0 END) END WHERE job_id IN (%s, %s)",
            [QUIET_JOB, start + timedelta(days=10), per_day, today, extra, QUIET_JOB, BUSY_JOB],
        )
        cursor.execute("ANALYZE jobs_jobday")
    return JobDay.objects.count()


def staff_cookie(company) -> dict[str, str]:
    """A signed-in session of the partner company's staff, as the Cookie header a browser would send."""
    user, _ = get_user_model().objects.get_or_create(username=STAFF_EMAIL, defaults={"email": STAFF_EMAIL})
    Membership.objects.get_or_create(user=user, company=company)
    client = Client()
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def alternate(servers: dict[str, Server], path: str, *, script: str, headers: dict, args) -> dict[str, dict]:
    """Loads `path` on each server in turn (off, then on) for args.rounds rounds; the median of each figure, and
    the requests each side answered in all (warm-up included)."""
    runs: dict[str, list[dict]] = {side: [] for side in servers}
    requests = dict.fromkeys(servers, 0)
    for side, server in servers.items():
        requests[side] += wrk(server.base + path, headers, args.warmup, script)["requests"]
    for _ in range(args.rounds):
        for side, server in servers.items():
            runs[side].append(wrk(server.base + path, headers, args.duration, script))
            requests[side] += runs[side][-1]["requests"]
    medians: dict[str, dict] = {}
    for side, side_runs in runs.items():
        figures = ("rps", "p50", "p95", "non2xx", "socket_errors")
        medians[side] = {figure: statistics.median(run[figure] for run in side_runs) for figure in figures}
        medians[side]["requests"] = requests[side]
    return medians


def counting_on_against_off(context, args) -> list[str]:
    now = timezone.now()
    offer = Offer.objects.publicly_visible(now=now).order_by("pk").first()
    if offer is None:
        raise SystemExit("no visible offer to load: the seed has none")
    pages = [("job page", f"/jobs/{QUIET_JOB}"), ("offer page", f"/offers/{offer.pk}")]
    # (label, wrk script, headers, whether each request is a new visitor's, to be counted)
    traffic = [
        ("new visitors (common browsers, new addresses)", "new_visitors.lua", {}, True),
        ("every User-Agent unseen (worst case)", "unseen_browsers.lua", {}, True),
        ("one browser reloading", "report.lua", {"User-Agent": RETURNING_UA}, False),
    ]
    new_visits = {"job": 0, "offer": 0}
    # Both behind one trusted proxy, so that new_visitors.lua's X-Forwarded-For names the client.
    proxied = {"TRUSTED_PROXY_COUNT": "1"}
    servers = {"off": Server({**proxied, "COUNT_POSTING_VISITS": "0"}), "on": Server(proxied)}
    lines = [
        "| page | traffic | off req/s | on req/s | change | off p50 / p95 ms | on p50 / p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    try:
        for page, path in pages:
            for label, script, headers, new in traffic:
                result = alternate(servers, path, script=script, headers=headers, args=args)
                new_visits[page.split()[0]] += result["on"]["requests"] if new else 1
                off, on = result["off"], result["on"]
                change = (on["rps"] - off["rps"]) / off["rps"] * 100 if off["rps"] else 0.0
                errors = sum(side["non2xx"] + side["socket_errors"] for side in result.values())
                line = (
                    f"| {page} | {label} | {off['rps']:.1f} | {on['rps']:.1f} | {change:+.1f}% "
                    f"| {off['p50']:.2f} / {off['p95']:.2f} | {on['p50']:.2f} / {on['p95']:.2f} |"
                    + (f" {errors:.0f} errors" if errors else "")
                )
                print(line, flush=True)
                lines.append(line)
    finally:
        for server in servers.values():
            server.stop()
    # Proof the "on" server counted (no beat runs here, so the counts are still in Redis, not in the tables).
    counted = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    views = {}
    for kind in ("job", "offer"):
        fields: dict[str, str] = counted.hgetall(f"counts:{kind}")  # type: ignore[assignment]  # sync client
        views[kind] = sum(int(n) for n in fields.values())
    lines += [
        "",
        f"Views counted into Redis by the server with counting on: {views['job']:,} of the job page and "
        f"{views['offer']:,} of the offer page, for {new_visits['job']:,} and {new_visits['offer']:,} requests from "
        "new visitors (the reloading browser counts once); the server with counting off counted none.",
    ]
    return lines


def chart_at_two_volumes(context, args) -> list[str]:
    today = timezone.now().date()
    start = today - timedelta(days=CHART_DAYS - 1)
    rows = seed_days(partner=context.partner, today=today, busy_views=10_000_000)
    totals = {
        job: sum(JobDay.objects.filter(job_id=job).values_list("views", flat=True)) for job in (QUIET_JOB, BUSY_JOB)
    }
    quiet, busy = totals[QUIET_JOB], totals[BUSY_JOB]
    print(f"  {rows:,} daily rows; views over {CHART_DAYS} days: quiet {quiet:,}, busy {busy:,}", flush=True)
    cookie = staff_cookie(context.partner)
    auth = {"Authorization": f"Bearer {context.partner_key}"}
    query = f"from={start.isoformat()}&to={today.isoformat()}"
    server = Server()
    lines = [
        f"{rows:,} daily rows in jobs_jobday ({CHART_DAYS} days of every partner job).",
        "",
        "| what | views in the range | queries | req/s | p50 / p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    try:
        for what, template, headers in (
            ("dashboard job page, 90 days", "/dashboard/jobs/{job}/?" + query, cookie),
            ("partner stats API, 90 days", "/api/external/v1/jobs/{job}/stats?" + query, auth),
        ):
            for job in (QUIET_JOB, BUSY_JOB):
                url = server.base + template.format(job=job)
                queries = query_count(url, headers)
                wrk(url, headers, args.warmup)
                result = wrk(url, headers, args.duration)
                line = (
                    f"| {what} | {totals[job]:,} | {queries} | {result['rps']:.1f} "
                    f"| {result['p50']:.2f} / {result['p95']:.2f} |"
                )
                print(line, flush=True)
                lines.append(line)
    finally:
        server.stop()
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) SELECT day, views FROM jobs_jobday "
            "WHERE job_id = %s AND day >= %s AND day <= %s",
            [BUSY_JOB, start, today],
        )
        plan = [row[0] for row in cursor.fetchall()]
    return [*lines, "", "The range read of the busy job:", "", "```", *plan, "```"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer jobs, shorter and fewer runs (about 3 minutes)")
    args = parser.parse_args()
    args.warmup, args.duration, args.rounds = (1, 3, 3) if args.quick else (3, 10, 5)
    size = seed.Size("analytics", jobs=1_000 if args.quick else 10_000, offers=2_000 if args.quick else 20_000)
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL (bin/bench does, through bin/with-services).")
    started = time.perf_counter()
    with stop_servers_on_exit():
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        context = seed.prepare()
        print(f"== seeding {size.jobs:,} jobs, {size.offers:,} offers", flush=True)
        seed.seed_to(size, context)
        print("== a posting page with counting off and on", flush=True)
        counting = counting_on_against_off(context, args)
        print(f"== a {CHART_DAYS}-day chart at 10 and at 10,000,000 views", flush=True)
        charts = chart_at_two_volumes(context, args)
    report = "\n".join(
        [
            f"# bin/bench --analytics{' --quick' if args.quick else ''}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {machine()}. Load average (1 min) at the end: {os.getloadavg()[0]:.1f}.",
            f"Server: gunicorn, {WORKERS} workers, production settings; wrk: {CONNECTIONS} connections; "
            f"{args.warmup} s warm-up, then {args.rounds} rounds of {args.duration} s per side, medians shown. "
            f"Data: {size.jobs:,} partner jobs, {size.offers:,} offers. "
            f"Run time {time.perf_counter() - started:.0f} s.",
            "",
            "## A posting page, view counting off against on (target: within 5%)",
            "",
            *counting,
            "",
            f"## A {CHART_DAYS}-day chart at 10 and at 10,000,000 counted views (target: the same cost)",
            "",
            *charts,
            "",
        ]
    )
    print()
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + "-analytics" + ("-quick" if args.quick else "")
    path = RESULTS / f"{stamp}.md"
    path.write_text(report)
    shutil.copyfile(path, RESULTS / "latest-analytics.md")
    print(f"Written: {path.relative_to(ROOT)} (and latest-analytics.md)")


if __name__ == "__main__":
    main()
