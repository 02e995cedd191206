"""The embedded default (SQLite) serves a small team's concurrent writes without "database is locked" 500s.

Runs a real threaded server on a temporary SQLite file: the in-process test client shares one connection and
could not show the lock contention between requests.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.lifecycle.conftest import ROOT, runserver

PATCHES = 12
AT_ONCE = 6


def sqlite_env(db_path) -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # the embedded default: no Redis either
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="jobboard.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args) -> str:
    """Runs a management command; returns the last line it printed (the id or key, for the ones used here)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return (done.stdout.strip().splitlines() or [""])[-1]


def call(method: str, url: str, key: str, body: dict) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def sqlite_server(tmp_path):
    env = sqlite_env(tmp_path / "db.sqlite3")
    manage(env, "migrate", "--noinput", "-v0")
    company_id = manage(env, "create_company", "Concurrent Co", "--accept-terms", "--payment-method")
    key = manage(env, "issue_partner_key", company_id)
    # runserver serves each request in its own thread, each with its own SQLite connection.
    with runserver(env, "sqlite-runserver.log") as base:
        yield f"{base}/api/external/v1", key


def test_twelve_patches_of_one_job_six_at_a_time_all_answer_200_on_sqlite(sqlite_server):
    base, key = sqlite_server
    request = urllib.request.Request(
        f"{base}/jobs",
        data=json.dumps({"title": "Draft to edit", "description": "Edited by many hands."}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        job_id = json.loads(response.read())["id"]

    def patch(n: int) -> int:
        return call("PATCH", f"{base}/jobs/{job_id}", key, {"title": f"Title {n}", "salaryMin": 1000 + n})

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        statuses = list(pool.map(patch, range(PATCHES)))

    assert statuses == [200] * PATCHES
