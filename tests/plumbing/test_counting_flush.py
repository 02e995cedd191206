"""Counters wait in Redis until a flush adds them into the daily table, exactly once, whatever dies meanwhile."""

import pytest
import redis
from django.utils import timezone

from jobs.models import JobDay
from plumbing import counting as counting_module
from plumbing.models import CountFlush

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_id(create_job):
    return create_job(publish=True)["id"]


def views_of(job_id) -> int:
    return sum(JobDay.objects.filter(job_id=job_id).values_list("views", flat=True))


def count_views(counting, job_id, n: int) -> None:
    for _ in range(n):
        counting.count("job", job_id, "views", now=timezone.now())


def test_a_count_waits_in_redis_until_a_flush_adds_it(counting, job_id):
    count_views(counting, job_id, 3)
    assert views_of(job_id) == 0

    assert counting.counts_flush(now=timezone.now()) == 1

    assert views_of(job_id) == 3


def test_a_flush_run_twice_adds_once(counting, job_id):
    count_views(counting, job_id, 3)

    counting.counts_flush(now=timezone.now())
    assert counting.counts_flush(now=timezone.now()) == 0

    assert views_of(job_id) == 3


def test_counts_after_a_flush_are_added_by_the_next_flush_on_the_same_day_row(counting, job_id):
    count_views(counting, job_id, 2)
    counting.counts_flush(now=timezone.now())
    count_views(counting, job_id, 1)
    counting.counts_flush(now=timezone.now())

    assert JobDay.objects.filter(job_id=job_id).count() == 1
    assert views_of(job_id) == 3


def test_counts_survive_a_worker_restart_in_redis_until_a_new_flush(counting, settings, job_id):
    count_views(counting, job_id, 2)
    # A new process: no client, no state of the one that counted; only Redis holds the counters.
    counting_module._client_for.cache_clear()
    assert redis.Redis.from_url(settings.REDIS_URL).hlen("counts:job") == 1

    counting.counts_flush(now=timezone.now())

    assert views_of(job_id) == 2


def test_a_crash_after_the_addition_commits_and_before_the_delete_does_not_add_again(counting, monkeypatch, job_id):
    count_views(counting, job_id, 3)
    client = counting_module._client()
    real_delete = client.delete
    monkeypatch.setattr(client, "delete", lambda *keys: (_ for _ in ()).throw(RuntimeError("worker killed")))
    with pytest.raises(RuntimeError):
        counting.counts_flush(now=timezone.now())
    assert views_of(job_id) == 3
    assert len(list(client.scan_iter("counts:job:flush:*"))) == 1  # the batch outlived the crash

    monkeypatch.setattr(client, "delete", real_delete)
    assert counting.counts_flush(now=timezone.now()) == 0

    assert views_of(job_id) == 3
    assert list(client.scan_iter("counts:job:flush:*")) == []
    assert CountFlush.objects.count() == 1


def test_a_crash_before_the_addition_commits_leaves_the_batch_for_the_next_flush(counting, monkeypatch, job_id):
    count_views(counting, job_id, 3)
    real_adder = counting_module._adders["job"]

    def dies(additions):
        real_adder(additions)
        raise RuntimeError("worker killed")

    monkeypatch.setitem(counting_module._adders, "job", dies)
    with pytest.raises(RuntimeError):
        counting.counts_flush(now=timezone.now())
    assert views_of(job_id) == 0

    monkeypatch.setitem(counting_module._adders, "job", real_adder)
    counting.counts_flush(now=timezone.now())

    assert views_of(job_id) == 3
