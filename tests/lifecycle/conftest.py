import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Child processes' output, kept for reading after a failure (git-ignored).
LOG_DIR = ROOT / "test-output"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def subprocess_env() -> dict:
    """Environment for a child process that must use this test run's database and Redis."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DJANGO_SETTINGS_MODULE="jobboard.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def spawn():
    """Starts child processes and always stops them."""
    children = []

    def _spawn(args, log_name):
        LOG_DIR.mkdir(exist_ok=True)
        log = open(LOG_DIR / log_name, "w")
        proc = subprocess.Popen(args, cwd=ROOT, env=subprocess_env(), stdout=log, stderr=subprocess.STDOUT)
        children.append(proc)
        return proc

    yield _spawn
    stop_processes(children)


def stop_processes(processes) -> None:
    """Asks each child process to stop (those already ended are left as they are), then kills any still running
    after 15 s."""
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def runserver(env: dict, log_name: str):
    """Serves the app with runserver (one thread and one database connection per request) under `env`; yields its
    base URL and always stops it."""
    port = free_port()
    LOG_DIR.mkdir(exist_ok=True)
    with open(LOG_DIR / log_name, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_processes([server])


def wait_for_port(port: int, proc, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {port}")


BIN = Path(sys.executable).parent
