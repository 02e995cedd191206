"""bin/bench's driver stopped halfway leaves no gunicorn running: on SIGTERM and on Ctrl-C
(SIGINT) it stops the server it started on its way out, and if it is killed outright (SIGKILL, where no code of it
runs) the kernel tells its gunicorn to stop (PR_SET_PDEATHSIG).

The driver runs for real, as bin/with-services runs it (on this test run's PostgreSQL and Redis), on its smallest
run: the sweep over 10 jobs. It is signalled as soon as its gunicorn has a worker, while it is still serving."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# How long the driver may take to migrate, seed and start gunicorn, and then to let it go: generous, as several
# test runs share this machine. Neither is a measure of anything.
START_TIMEOUT = 600
STOP_TIMEOUT = 60
# bench/run.py's WORKERS: the server is up once the master has them all.
WORKERS = 2


def processes() -> dict[int, tuple[int, str, str]]:
    """pid → (parent pid, state, command line) of every process, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        # The command name sits in parentheses and may hold spaces: the fields after its closing one are fixed.
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        found[int(entry.name)] = (int(ppid), state, cmdline)
    return found


def gunicorn_tree(driver_pid: int) -> list[int]:
    """The gunicorn master the driver started (its child) and that master's workers, once it has them all."""
    table = processes()
    masters = [pid for pid, (ppid, _, cmd) in table.items() if ppid == driver_pid and "gunicorn" in cmd]
    workers = [pid for pid, (ppid, _, _) in table.items() if ppid in masters]
    return masters + workers if masters and len(workers) >= WORKERS else []


def still_running(pids: list[int]) -> list[int]:
    """Those of pids that still run gunicorn (not exited, not a zombie waiting to be reaped, not a reused pid)."""
    table = processes()
    return [pid for pid in pids if pid in table and table[pid][1] != "Z" and "gunicorn" in table[pid][2]]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_the_bench_driver_leaves_no_gunicorn_when_stopped_halfway(tmp_path, signum):
    if "DATABASE_URL" not in os.environ or "REDIS_URL" not in os.environ:
        pytest.skip("run through bin/with-services, which gives the driver its PostgreSQL and Redis")
    log = (tmp_path / "driver.log").open("w")
    driver = subprocess.Popen(
        [sys.executable, "bench/run.py", "--sweep", "--sweep-jobs", "10"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jobboard.settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    tree = []
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not tree and driver.poll() is None and time.monotonic() < deadline:
            tree = gunicorn_tree(driver.pid)
            time.sleep(0.05)
        assert tree, f"the driver started no gunicorn: {(tmp_path / 'driver.log').read_text()[-3000:]}"

        driver.send_signal(signum)
        driver.wait(STOP_TIMEOUT)
        deadline = time.monotonic() + STOP_TIMEOUT
        while still_running(tree) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert still_running(tree) == [], f"gunicorn still running after the driver got {signum.name}"
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
        if tree and still_running(tree[:1]):
            # The master leads its own process group (the driver starts it in a new session): workers included.
            os.killpg(tree[0], signal.SIGKILL)
