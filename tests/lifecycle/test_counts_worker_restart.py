"""Views counted by a web process wait in Redis, not in the process: a web process killed outright loses none of
them, and a Celery worker started afterwards adds them into the daily table, once."""

import signal
import sys
import time
import urllib.request

import pytest
import redis
from django.utils import timezone

from jobboard.tasks import flush_counts
from jobs.models import JobDay
from tests.helpers import BROWSER_UA, OTHER_BROWSER_UA

from .conftest import BIN, free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = ["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]


def view(base: str, path: str, user_agent: str) -> int:
    request = urllib.request.Request(base + path, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def test_views_counted_by_a_killed_web_process_are_added_once_by_a_worker_started_after(
    spawn, counting, settings, create_job
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    job_id = create_job(publish=True)["id"]
    port = free_port()
    web = spawn([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], "counting-web.log")
    wait_for_port(port, web)
    base = f"http://127.0.0.1:{port}"
    for user_agent in (BROWSER_UA, OTHER_BROWSER_UA, BROWSER_UA, f"{OTHER_BROWSER_UA} Edg/131.0"):
        assert view(base, f"/jobs/{job_id}", user_agent) == 200
    # The web process sends its counts to Redis just after each page: wait until they are there, then kill it.
    counters = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    deadline = time.monotonic() + 10
    while sum(int(n) for n in counters.hgetall("counts:job").values()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)

    web.send_signal(signal.SIGKILL)
    web.wait(timeout=30)
    assert not JobDay.objects.filter(job_id=job_id).exists()  # in Redis until a flush

    spawn([str(BIN / "celery"), "-A", "jobboard", *WORKER], "counting-worker.log")
    assert flush_counts.delay().get(timeout=60) == 1
    assert flush_counts.delay().get(timeout=60) == 0

    assert JobDay.objects.get(job_id=job_id, day=timezone.now().date()).views == 3
