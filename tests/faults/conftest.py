"""Private PostgreSQL and Redis servers that a test may stop and start (the run's shared ones stay untouched), and
the app served by gunicorn against them."""

import http.client
import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import pytest

from tests.lifecycle.conftest import BIN, LOG_DIR, ROOT, free_port, stop_processes, subprocess_env, wait_for_port

PG_BIN = Path(max(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))).parent


def as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: under root the server commands run as the postgres user."""
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(args)]
    return args


def private_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")
    return path


class PrivatePostgres:
    """A throw-away cluster on a free port, with one database `jobboard`."""

    def __init__(self):
        self.dir = private_dir("jobboard-fault-pg.")
        self.data = self.dir / "data"
        self.port = free_port()
        subprocess.run(
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync"]),
            check=True,
            capture_output=True,
        )
        self.start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "jobboard"],
            check=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/jobboard"

    def _ctl(self, *args: str) -> None:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", *args]), check=True)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c full_page_writes=off"
        self._ctl("-l", str(self.dir / "pg.log"), "-o", options, "start")

    def stop(self) -> None:
        # "fast": open sessions are cut off at once, as in a restart for a minor-version upgrade or a failover.
        self._ctl("-m", "fast", "stop")

    def destroy(self) -> None:
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A redis-server on a free port, without persistence; stopped and started again on the same port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="jobboard-fault-redis."))
        self.port = free_port()
        self.proc = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen([*args, "--dir", str(self.dir)], stdout=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def freeze(self) -> None:
        """Still accepting connections, never answering: a hung host or a full network path."""
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def destroy(self) -> None:
        try:
            if self.proc.poll() is None:
                self.thaw()
                self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    yield server
    server.destroy()


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    yield server
    server.destroy()


@pytest.fixture
def children():
    """Child processes (the web server, workers), always stopped at the end."""
    started = []
    yield started
    stop_processes(started)


def child_env(**overrides: str) -> dict:
    env = subprocess_env()
    env.update(overrides)
    return env


def spawn(children: list, args: list[str], log_name: str, **env: str) -> subprocess.Popen:
    LOG_DIR.mkdir(exist_ok=True)
    with open(LOG_DIR / log_name, "w") as log:
        proc = subprocess.Popen(args, cwd=ROOT, env=child_env(**env), stdout=log, stderr=subprocess.STDOUT)
    children.append(proc)
    return proc


def serve(children: list, log_name: str, workers: int = 2, **env: str) -> int:
    """gunicorn serving the app (DEBUG off, as in production); returns its port."""
    port = free_port()
    args = [str(BIN / "gunicorn"), "jobboard.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    wait_for_port(port, spawn(children, args, log_name, **env))
    return port


def run_manage(*args: str, **env: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=child_env(**env), check=True)


@dataclass
class Answer:
    status: int
    content_type: str
    text: str

    def json(self):
        return json.loads(self.text)


def fetch(port: int, path: str, method: str = "GET", body=None, headers: dict | None = None) -> Answer:
    """One request on its own connection; every answer, errors included, comes back as an Answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Answer(response.status, response.getheader("Content-Type", ""), text)
    finally:
        connection.close()


def wait_until(condition, what: str, timeout: float = 30.0, interval: float = 0.05) -> None:
    """Polls until `condition()` is true; a bound on waiting for a process, not an assertion on speed."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting for {what}")
        time.sleep(interval)
