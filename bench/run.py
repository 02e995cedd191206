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
import ctypes
import html
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
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
from jobs.models import Job  # noqa: E402
from offers.models import Offer  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CONNECTIONS = 4
WORKERS = 2
SERVER_CPU, LOAD_CPU = "0", "1"


@dataclass(frozen=True)
class Endpoint:
    name: str
    app: str
    floor: str
    headers: dict = field(default_factory=dict)


@dataclass
class Measure:
    endpoint: str
    size: str
    app: dict
    floor: dict
    app_queries: int | None
    floor_queries: int | None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Loaded here, not in _die_with_parent: that also runs in a forked child, where nothing should be imported.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
# Linux's prctl option that has the kernel send a signal to a process when its parent dies (see _die_with_parent).
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Asks the kernel to send this process SIGTERM when its parent dies, whatever kills the parent, even SIGKILL.
    Used twice: for gunicorn (in the child, just before exec), so a driver killed outright cannot leave its server
    running; and for the driver itself, whose parent is bin/with-services: killed with SIGTERM, that shell stops
    PostgreSQL and Redis on its way out but would leave the driver, and so its gunicorn, running on."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


# Every gunicorn this driver started and has not stopped yet: stop_servers_on_exit stops them however it ends.
_running: set["Server"] = set()


def _exit_on_signal(signum, frame) -> None:
    # Raised where the driver happens to be, as Ctrl-C's KeyboardInterrupt is, so every `finally` runs.
    raise SystemExit(128 + signum)


@contextmanager
def stop_servers_on_exit():
    """The driver's whole run: SIGTERM and SIGHUP end it as Ctrl-C does, with an exception, instead of killing it
    on the spot, and whatever ends it, each gunicorn it started is stopped on the way out. Each Server also stops
    on its own in the normal run; this is for the runs that end halfway (a signal while a server starts, an error)."""
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request above: nobody would send the signal
        raise SystemExit("bin/bench's driver: its parent is gone")
    previous = {signum: signal.signal(signum, _exit_on_signal) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        # A second signal (or Ctrl-C) while servers stop must not cut the stopping short.
        previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)
        for signum in previous:
            signal.signal(signum, signal.SIG_IGN)
        for server in list(_running):
            server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _pinned(cpu: str) -> list[str]:
    return ["taskset", "-c", cpu] if (os.cpu_count() or 1) > 1 and shutil.which("taskset") else []


class Server:
    """gunicorn as the README's production section runs it, with 2 workers, on bench.settings."""

    def __init__(self):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # The partner limit (60 a minute) would answer 429 to a load test; the Redis hit still happens.
            "PARTNER_RATE_LIMIT_PER_MINUTE": "1000000000",
            "LOG_LEVEL": "WARNING",
        }
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [*_pinned(SERVER_CPU), gunicorn, "jobboard.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(WORKERS), "--log-level", "warning"]
        # Its own session, so a Ctrl-C meant for the driver does not cut the server short mid-measure; the driver
        # stops it (stop_servers_on_exit), and the kernel does if the driver is killed outright (_die_with_parent).
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, preexec_fn=_die_with_parent)
        _running.add(self)
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(self.base + "/healthz").status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        _running.discard(self)


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body


def get(url: str, headers: dict | None = None, method: str = "GET", data: bytes | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        # Generous: after a load run the workers may still be answering the requests wrk left queued.
        with urllib.request.urlopen(request, timeout=180) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def query_count(url: str, headers: dict) -> int | None:
    """Queries of one request, counted by the server (bench.query_count), from the second of two: the first
    checks the answer is a 200 and warms caches and connections, as under load."""
    for _ in range(2):
        answer = get(url, {**headers, "X-Bench-Count-Queries": "1"})
        if answer.status != 200:
            raise SystemExit(f"{url} answered {answer.status}: {answer.body[:300]!r}")
    value = answer.headers.get("X-Bench-Queries")
    return int(value) if value is not None else None


def wrk(url: str, headers: dict, seconds: int) -> dict:
    command = [*_pinned(LOAD_CPU), "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / "report.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    result = json.loads(line.removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    return result


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


def _rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _measured(result: dict) -> bool:
    return result["requests"] > 0


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _latency(result: dict, name: str) -> str:
    return _ms(result[name]) if _measured(result) else "—"


def table(measures: list[Measure]) -> str:
    p95 = {(m.endpoint, m.size): m.app["p95"] for m in measures}
    lines = [
        "| endpoint | size | req/s | p50 ms | p95 ms | p99 ms | queries | floor req/s | floor p95 ms | floor queries "
        "| ratio to floor | p95 large/small |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for m in measures:
        growth = ""
        if m.size == "large" and p95.get((m.endpoint, "small")) and _measured(m.app):
            growth = f"{m.app['p95'] / p95[(m.endpoint, 'small')]:.2f}"
        ratio = m.app["rps"] / m.floor["rps"] if m.floor["rps"] else 0
        errors = m.app["non2xx"] + m.app["socket_errors"]
        lines.append(
            f"| {m.endpoint} | {m.size} | {_rps(m.app['rps'])}{' (' + str(errors) + ' errors)' if errors else ''} "
            f"| {_latency(m.app, 'p50')} | {_latency(m.app, 'p95')} | {_latency(m.app, 'p99')} | {m.app_queries} "
            f"| {_rps(m.floor['rps'])} | {_latency(m.floor, 'p95')} | {m.floor_queries} | {ratio:.2f} | {growth} |"
        )
    return "\n".join(lines)


def targets(measures: list[Measure]) -> list[str]:
    """The issue's targets, each with the figure that meets or misses it."""
    by = {(m.endpoint, m.size): m for m in measures}
    lines = []
    for m in measures:
        if m.size != "large":
            continue
        small = by.get((m.endpoint, "small"))
        if not (_measured(m.app) and small and _measured(small.app)):
            lines.append(f"- {m.endpoint}: p95 large/small NOT MEASURED (no request completed in a run)")
        elif small:
            growth = m.app["p95"] / small.app["p95"]
            lines.append(f"- {m.endpoint}: p95 large/small {growth:.2f} {'ok' if growth <= 1.3 else 'MISSED'} (≤ 1.3)")
    for m in measures:
        if not _measured(m.app):
            lines.append(f"- {m.endpoint} ({m.size}): NOT MEASURED (no request completed in the run)")
            continue
        ratio = m.app["rps"] / m.floor["rps"] if m.floor["rps"] else 0
        verdict = "ok" if ratio >= 0.9 else "MISSED"
        lines.append(f"- {m.endpoint} ({m.size}): {ratio:.2f} of the floor {verdict} (≥ 0.9)")
    absolute = [
        (f"offers search value={seed.COMMON_TERM}", 15),
        ("board / page 1", 20),
        ("partner list ?limit=20", 10),
    ]
    for name, limit in absolute:
        large = by.get((name, "large"))
        if large:
            verdict = "ok" if _measured(large.app) and large.app["p95"] < limit else "MISSED"
            lines.append(f"- {name} p95 at large {_ms(large.app['p95'])} ms {verdict} (< {limit} ms)")
    return lines


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; PostgreSQL {pg.split()[0]}; "
        f"Python {platform.python_version()}; Django {django.get_version()}"
    )


def chart(measures: list[Measure], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(m.endpoint for m in measures))
    by = {(m.endpoint, m.size): m for m in measures}
    series = [
        ("app, small", "small", "app", "#9ecae1"),
        ("app, large", "large", "app", "#08519c"),
        ("floor, small", "small", "floor", "#fdd0a2"),
        ("floor, large", "large", "floor", "#d94801"),
    ]
    height = 0.2
    fig, ax = plt.subplots(figsize=(10, 0.9 * len(names) + 1.5))
    for n, (label, size, side, colour) in enumerate(series):
        values = [getattr(by[(name, size)], side)["p95"] if (name, size) in by else 0 for name in names]
        positions = [i + (n - 1.5) * height for i in range(len(names))]
        bars = ax.barh(positions, values, height=height, label=label, color=colour)
        ax.bar_label(bars, labels=[_ms(v) for v in values], fontsize=7, padding=2)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel("p95 latency (ms), wrk with 4 connections")
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


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
        # As the README's production section does: whitenoise then serves the collected files.
        call_command("collectstatic", interactive=False, verbosity=0)
        run_sweep(args) if args.sweep else run_bench(args)


if __name__ == "__main__":
    main()
