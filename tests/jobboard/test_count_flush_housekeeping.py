"""The beat adds the counters every minute, and `manage.py run_lifecycle_sweep` adds them too, in a line of its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobboard.celery import app
from jobs.models import JobDay

pytestmark = pytest.mark.django_db


def test_the_beat_flushes_the_counters_every_minute():
    entry = app.conf.beat_schedule["flush-counts"]
    assert (entry["task"], entry["schedule"]) == ("jobboard.tasks.flush_counts", 60.0)
    assert "jobboard.tasks.flush_counts" in app.tasks


def test_the_sweep_command_adds_the_counted_views_into_the_daily_table(counting, create_job):
    job_id = create_job(publish=True)["id"]
    counting.count("job", job_id, "views", now=timezone.now(), n=4)
    out = StringIO()

    call_command("run_lifecycle_sweep", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Added 1 view and click counter(s) into the daily tables."
    assert JobDay.objects.get(job_id=job_id).views == 4
