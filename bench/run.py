#!/usr/bin/env python
"""bin/bench's driver: seed, serve, load each endpoint and its floor with wrk, report. Run it through bin/bench.

    bin/bench            small (1,000 jobs, 10,000 offers) then large (100,000 jobs, 200,000 offers);
                         3 s warm-up and 10 s of load per endpoint and per floor (about 12 minutes)
    bin/bench --quick    small (500 jobs, 2,000 offers) then large (10,000 jobs, 20,000 offers);
                         1 s warm-up and 2 s of load (under 3 minutes)
    bin/bench --sweep [--sweep-jobs 1000000]
                         the expiry sweep over N due jobs of the partner company, with a partner PATCH sent every
                         20 ms during it; prints the sweep time and the PATCH latencies

Needs DATABASE_URL and REDIS_URL (bin/bench runs it on bin/with-services). The server is gunicorn with 2 workers
(this is a 2-core machine) on bench.settings: the production settings (DEBUG off, CONN_MAX_AGE as they set it)
with the floor views added under /__floor/ and a query counter that answers only when asked. The server is pinned
to core 0 and wrk to core 1; PostgreSQL and Redis are not pinned. Writes bench/results/<time>[-quick].{md,json,png}
and copies them to bench/results/latest.*.
"""

import argparse
import html
import json
import os
import re
import shutil
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone as django_timezone  # noqa: E402

from bench import seed  # noqa: E402
from bench.report import Measure, chart, machine, table, targets  # noqa: E402
from bench.servers import (  # noqa: E402
    CONNECTIONS,
    LOAD_CPU,
    SERVER_CPU,
    WORKERS,
    Server,
    get,
    query_count,
    stop_servers_on_exit,
    wrk,
)
from jobs.models import Job  # noqa: E402
from offers.models import Offer  # noqa: E402

RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Endpoint:
    name: str
    app: str
    floor: str
    headers: dict = field(default_factory=dict)


def deep_cursor_query(base: str, pages: int, budget_seconds: float = 90) -> tuple[str, int]:
    """The board's query string `pages` pages deep (fewer if the board ends, or its pages are so slow that the
    time budget runs out), following each page's rel="next" link as a reader would; and the page number reached."""
    query, page_number, started = "", 1, time.monotonic()
    while page_number <= pages and time.monotonic() - started < budget_seconds:
        page = get(f"{base}/?{query}").body.decode()
        found = re.search(r'<a rel="next" href="\?([^"]*)"', page)
        if found is None:
            break
        query, page_number = html.unescape(found.group(1)), page_number + 1
    return query, page_number


def endpoints(base: str, context: seed.BenchContext, deep_pages: int) -> list[Endpoint]:
    auth = {"Authorization": f"Bearer {context.partner_key}"}
    deep, deep_page = deep_cursor_query(base, deep_pages)
    print(f"  board: the deep page is page {deep_page}", flush=True)
    return [
        Endpoint("partner list ?limit=20", "/api/external/v1/jobs?limit=20", "/__floor/partner/jobs?limit=20", auth),
        Endpoint(
            "partner detail",
            f"/api/external/v1/jobs/{context.detail_job_id}",
            f"/__floor/partner/jobs/{context.detail_job_id}",
            auth,
        ),
        Endpoint(
            "partner location search ?q=san",
            "/api/external/v1/locations/search?q=san",
            "/__floor/partner/locations/search?q=san",
            auth,
        ),
        Endpoint(
            f"offers search value={seed.COMMON_TERM}",
            f"/api/offers?value={seed.COMMON_TERM}",
            f"/__floor/offers?value={seed.COMMON_TERM}",
        ),
        Endpoint(
            f"offers search value={seed.RARE_TERM}",
            f"/api/offers?value={seed.RARE_TERM}",
            f"/__floor/offers?value={seed.RARE_TERM}",
        ),
        Endpoint("board / page 1", "/", "/__floor/board"),
        # Named by the depth asked for, so small and large line up; the depth reached is printed.
        Endpoint(f"board / deep page {deep_pages + 1}", f"/?{deep}", f"/__floor/board?{deep}"),
        Endpoint("/healthz", "/healthz", "/__floor/healthz"),
    ]


def facts(size: seed.Size, context: seed.BenchContext) -> dict:
    """What the size holds, counted in the database (not what seeding meant to write)."""
    now = django_timezone.now()
    visible_jobs = Job.objects.publicly_visible(now=now).count()
    visible_offers = Offer.objects.publicly_visible(now=now).count()

    def matching(term: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM offers_offer WHERE search_vector @@ websearch_to_tsquery('english', %s)", [term]
            )
            return cursor.fetchone()[0]

    return {
        "size": size.name,
        "partner_jobs": Job.objects.filter(company=context.partner).count(),
        "offers": Offer.objects.count(),
        "visible_postings": visible_jobs + visible_offers,
        "common_matches": matching(seed.COMMON_TERM),
        "rare_matches": matching(seed.RARE_TERM),
    }


def measure_size(size: seed.Size, context: seed.BenchContext, args) -> list[Measure]:
    print(f"== {size.name}: seeding to {size.jobs:,} jobs, {size.offers:,} offers", flush=True)
    seed.seed_to(size, context)
    server = Server()
    measures = []
    try:
        targets = endpoints(server.base, context, args.deep_pages)
        for target in targets:
            app_queries = query_count(server.base + target.app, target.headers)
            floor_queries = query_count(server.base + target.floor, target.headers)
            results = {}
            for side, path in (("app", target.app), ("floor", target.floor)):
                wrk(server.base + path, target.headers, args.warmup)
                results[side] = wrk(server.base + path, target.headers, args.duration)
            app, floor = results["app"], results["floor"]
            measures.append(Measure(target.name, size.name, app, floor, app_queries, floor_queries))
            errors = app["non2xx"] + app["socket_errors"] + floor["non2xx"] + floor["socket_errors"]
            print(
                f"  {target.name:<36} app {app['rps']:7.1f} req/s p95 {app['p95']:7.2f} ms q={app_queries}  "
                f"floor {floor['rps']:7.1f} req/s p95 {floor['p95']:7.2f} ms q={floor_queries}"
                + (f"  ({errors} errors)" if errors else ""),
                flush=True,
            )
    finally:
        server.stop()
    return measures


def run_bench(args) -> None:
    sizes = seed.QUICK_SIZES if args.quick else seed.SIZES
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    context = seed.prepare()
    measures, size_facts = [], []
    for size in sizes.values():
        measures += measure_size(size, context, args)
        size_facts.append(facts(size, context))
    elapsed = time.perf_counter() - started

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S") + ("-quick" if args.quick else "")
    RESULTS.mkdir(parents=True, exist_ok=True)
    conn_max_age = settings.DATABASES["default"].get("CONN_MAX_AGE")
    held = "; ".join(
        f"{f['size']}: {f['partner_jobs']:,} partner jobs, {f['offers']:,} offers, {f['visible_postings']:,} visible "
        f"postings, '{seed.COMMON_TERM}' in {f['common_matches']:,} offers, '{seed.RARE_TERM}' in {f['rare_matches']}"
        for f in size_facts
    )
    report = "\n".join(
        [
            f"# bin/bench{' --quick' if args.quick else ''}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {machine()}.",
            f"Server: gunicorn, {WORKERS} workers, DEBUG off, CONN_MAX_AGE={conn_max_age}, pinned to core "
            f"{SERVER_CPU}; wrk: {CONNECTIONS} connections, pinned to core {LOAD_CPU}; {args.warmup:g} s warm-up, "
            f"{args.duration:g} s measured, per endpoint and per floor.",
            f"Data: {held}.",
            f"Run time: {elapsed:.0f} s. Load average (1 min) {load_before:.1f} at the start, "
            f"{os.getloadavg()[0]:.1f} at the end: other work on the machine inflates every figure alike.",
            "With 4 connections on 2 workers a request typically waits for one other, so p50 is about twice the "
            "time one request takes.",
            "",
            table(measures),
            "",
            "Targets:",
            "",
            *targets(measures),
            "",
        ]
    )
    print()
    print(report)
    paths = {suffix: RESULTS / f"{stamp}.{suffix}" for suffix in ("md", "json", "png")}
    paths["md"].write_text(report)
    paths["json"].write_text(
        json.dumps({"facts": size_facts, "measures": [m.__dict__ for m in measures], "seconds": elapsed}, indent=1)
    )
    chart(measures, paths["png"], f"p95 by endpoint and size ({'quick' if args.quick else 'full'} sizes)")
    for suffix, path in paths.items():
        shutil.copyfile(path, RESULTS / f"latest.{suffix}")
    print(f"Written: {', '.join(str(p.relative_to(ROOT)) for p in paths.values())} (and latest.*)")


def run_sweep(args) -> None:
    """The sweep over N due jobs of the partner company while a partner PATCHes another of its jobs."""
    from bench.sweep import seed_due_jobs
    from jobboard.tasks import expire_jobs

    context = seed.prepare()
    seed.seed_to(seed.Size("sweep", jobs=10, offers=0), context)
    target = seed.job_id(5)
    started = time.perf_counter()
    seed_due_jobs(company=context.partner, jobs=args.sweep_jobs, progress=True)
    print(f"seeded {args.sweep_jobs:,} due jobs in {time.perf_counter() - started:.0f}s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_job")

    server = Server()
    samples: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def patch_loop():
        n = 0
        while not stop.is_set():
            n += 1
            body = json.dumps({"title": f"Bench patch {n}"}).encode()
            headers = {
                "Authorization": f"Bearer {context.partner_key}",
                "Content-Type": "application/json",
                "Idempotency-Key": uuid.uuid4().hex,
            }
            sent = time.perf_counter()
            status = get(f"{server.base}/api/external/v1/jobs/{target}", headers, method="PATCH", data=body).status
            samples.append((sent, (time.perf_counter() - sent) * 1000, status))
            time.sleep(0.02)

    try:
        thread = threading.Thread(target=patch_loop, daemon=True)
        thread.start()
        time.sleep(1.0)
        sweep_started = time.perf_counter()
        changed = expire_jobs()
        sweep_ended = time.perf_counter()
        time.sleep(0.5)
        stop.set()
        thread.join(10)
    finally:
        server.stop()
    elapsed = sweep_ended - sweep_started
    before = [ms for sent, ms, _ in samples if sent < sweep_started]
    during = [ms for sent, ms, _ in samples if sweep_started <= sent < sweep_ended]
    statuses = sorted({status for _, _, status in samples})
    print(
        f"sweep: {changed:,} jobs -> EXPIRED in {elapsed:.2f}s through {settings.SWEEP_CONNECTIONS} connection(s) "
        "(SWEEP_CONNECTIONS; target < 5 s for 1,000,000)"
    )
    if before:
        print(f"PATCH before the sweep: {len(before)} sent, median {statistics.median(before):.1f} ms")
    if during:
        print(
            f"PATCH during the sweep: {len(during)} sent, median {statistics.median(during):.1f} ms, "
            f"p95 {statistics.quantiles(during, n=20)[-1] if len(during) > 1 else during[0]:.1f} ms, "
            f"slowest {max(during):.1f} ms (target < 50 ms); statuses {statuses}"
        )
    else:
        slowest = [ms for sent, ms, _ in samples if sent < sweep_ended and sent + ms / 1000 > sweep_started]
        print(f"PATCH during the sweep: none started in it; the one across it took {max(slowest, default=0):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter runs (under 3 minutes)")
    parser.add_argument("--sweep", action="store_true", help="the sweep benchmark instead of the endpoints")
    parser.add_argument("--sweep-jobs", type=int, default=1_000_000)
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per run (3; quick 1)")
    parser.add_argument("--duration", type=int, help="seconds measured per run (10; quick 2)")
    parser.add_argument("--deep-pages", type=int, help="how many pages deep the deep board page is (50; quick 10)")
    args = parser.parse_args()
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    args.duration = args.duration if args.duration is not None else (2 if args.quick else 10)
    args.deep_pages = args.deep_pages if args.deep_pages is not None else (10 if args.quick else 50)
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL (bin/bench does, through bin/with-services).")
    with stop_servers_on_exit():
        call_command("migrate", verbosity=0)
        # As the full stack does (README): whitenoise then serves the collected files.
        call_command("collectstatic", interactive=False, verbosity=0)
        run_sweep(args) if args.sweep else run_bench(args)


if __name__ == "__main__":
    main()
