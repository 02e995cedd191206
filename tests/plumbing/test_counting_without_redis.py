"""Without Redis a count is one upsert into the daily table at once; with Redis down it is dropped with a warning."""

import logging

import pytest
from django.utils import timezone

from jobs.models import JobDay
from plumbing import counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_id(create_job):
    return create_job(publish=True)["id"]


def test_without_redis_each_count_is_added_to_the_day_row_at_once(settings, job_id):
    settings.REDIS_URL = ""
    now = timezone.now()

    counting.count("job", job_id, "views", now=now)
    counting.count("job", job_id, "views", now=now, n=2)

    assert list(JobDay.objects.filter(job_id=job_id).values_list("day", "views")) == [(now.date(), 3)]
    assert counting.counts_flush(now=now) == 0


def test_with_redis_down_a_count_is_dropped_with_a_warning_and_nothing_raised(settings, job_id, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    with caplog.at_level(logging.WARNING, logger="plumbing.counting"):
        counting.count("job", job_id, "views", now=timezone.now())
        assert counting.counts_flush(now=timezone.now()) == 0

    assert not JobDay.objects.filter(job_id=job_id).exists()
    assert "not counted" in caplog.text
