"""The servers bin/bench's driver starts and loads: gunicorn as production runs it, and wrk, each pinned to its
own core; stopped however the driver ends."""

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONNECTIONS = 4
WORKERS = 2
SERVER_CPU, LOAD_CPU = "0", "1"


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
    """gunicorn as the README's full stack runs it, with 2 workers, on bench.settings; `settings` overrides
    environment variables (e.g. {"COUNT_POSTING_VISITS": "0"})."""

    def __init__(self, settings: dict[str, str] | None = None):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # The partner limit (60 a minute) would answer 429 to a load test; the Redis hit still happens.
            "PARTNER_RATE_LIMIT_PER_MINUTE": "1000000000",
            "LOG_LEVEL": "WARNING",
            **(settings or {}),
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


def wrk(url: str, headers: dict, seconds: int, script: str = "report.lua") -> dict:
    """wrk's figures for `url`; `script` is a Lua file in bench/ that reports as report.lua does."""
    command = [*_pinned(LOAD_CPU), "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    result = json.loads(line.removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    return result
