"""A salary reads the same everywhere, with thousands separators, the currency symbol and the period:
"$100,000–$150,000 per year" on the board's card, the job page, the feed and the dashboard."""

import pytest
from django.test import Client

from jobs.models import salary_text

pytestmark = pytest.mark.django_db

SALARY = "$100,000–$150,000 per year"


def test_the_board_card_job_page_feed_and_dashboard_show_one_salary_format(staff, create_job):
    job = create_job(publish=True)
    client = Client()
    for path in ("/", f"/jobs/{job['id']}", "/feeds/rss/", "/feeds/atom/"):
        content = client.get(path).content.decode()
        assert SALARY in content, path
        assert "USD a year" not in content and "$100,000 – $150,000" not in content, path
    assert SALARY in staff.get(f"/dashboard/jobs/{job['id']}/").content.decode()


@pytest.mark.parametrize(
    "minimum, maximum, period, expected",
    [
        (120000, 150000, "ANNUAL", "$120,000–$150,000 per year"),
        (45, 60, "HOURLY", "$45–$60 per hour"),
        (90000, None, "ANNUAL", "From $90,000 per year"),
        (None, 1250000, "ANNUAL", "Up to $1,250,000 per year"),
        (80000, 80000, "ANNUAL", "$80,000 per year"),
        (None, None, "ANNUAL", ""),
    ],
)
def test_salary_text_reads_as_money_with_its_period(minimum, maximum, period, expected):
    assert salary_text(minimum, maximum, period) == expected
