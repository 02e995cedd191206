"""A person's GET of a public job page counts one view of the job's day; HEAD, crawlers, the company's own signed-in
staff and a repeat of one client within 30 minutes do not, and counting never breaks the page."""

import pytest
from django.test import Client

from jobs.models import JobDay
from tests.helpers import BROWSER_UA, CRAWLER_UA, OTHER_BROWSER_UA, dead_redis, flushed_day_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_id(create_job):
    return create_job(publish=True)["id"]


def views(job_id) -> int:
    return flushed_day_totals(JobDay, job_id=job_id)["views"]


def test_a_get_from_a_browser_counts_one_view(counting, client, job_id):
    assert client.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(job_id) == 1


def test_a_head_request_is_not_counted(counting, client, job_id):
    assert client.head(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(job_id) == 0


def test_a_crawler_user_agent_is_not_counted(counting, client, job_id):
    assert client.get(f"/jobs/{job_id}", HTTP_USER_AGENT=CRAWLER_UA).status_code == 200
    assert views(job_id) == 0


def test_signed_in_staff_of_the_job_company_are_not_counted_and_other_companies_staff_are(
    counting, staff, rival_staff, job_id
):
    assert staff.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(job_id) == 0
    assert rival_staff.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(job_id) == 1


def test_a_repeat_of_one_client_within_30_minutes_is_not_counted_and_a_different_client_is(counting, job_id):
    Client().get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA)
    Client().get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA)
    assert views(job_id) == 1

    Client().get(f"/jobs/{job_id}", HTTP_USER_AGENT=OTHER_BROWSER_UA)  # another User-Agent: another client
    Client(REMOTE_ADDR="203.0.113.9").get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA)  # another IP
    assert views(job_id) == 3


def test_with_redis_down_the_job_page_is_still_200_and_nothing_is_counted(settings, client, job_id):
    dead_redis(settings)
    assert client.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert not JobDay.objects.filter(job_id=job_id).exists()


def test_without_redis_a_view_is_written_to_the_day_row_at_once(settings, client, job_id):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA)
    assert JobDay.objects.get(job_id=job_id).views == 1


def test_with_counting_switched_off_a_browser_view_is_not_counted(counting, settings, client, job_id):
    settings.COUNT_POSTING_VISITS = False

    assert client.get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(job_id) == 0
