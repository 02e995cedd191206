"""The overview's last 30 days (today UTC and the 29 before): the whole company's views (jobs and offers),
applications and spend per day as a chart and its table, their totals against the 30 days before, and the CSV."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from jobs.services.days import job_day_add
from offers.services.days import offer_days_add
from tests.jobboard.conftest import owner_offer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


@pytest.fixture
def seeded(create_job, owner_company, other_company):
    first = create_job(publish=True)["id"]
    second = create_job(publish=True)["id"]
    offer = owner_offer(owner_company)
    rivals = owner_offer(other_company)
    job_day_add(job_id=first, now=at(TODAY), views=10, applications=2, spend_cents=300)
    job_day_add(job_id=second, now=at(TODAY), views=5, applications=1, spend_cents=200)
    job_day_add(job_id=first, now=at(TODAY - timedelta(days=29)), views=7)
    job_day_add(job_id=first, now=at(TODAY - timedelta(days=30)), views=20, applications=4, spend_cents=1000)
    job_day_add(job_id=first, now=at(TODAY - timedelta(days=60)), views=999)  # before both windows
    offer_days_add({(str(offer.pk), TODAY): {"views": 3, "apply_clicks": 1}})
    offer_days_add({(str(offer.pk), TODAY - timedelta(days=45)): {"views": 4}})
    offer_days_add({(str(rivals.pk), TODAY): {"views": 500}})  # another company's


def rows(page: str) -> list[list[str]]:
    figure = re.search(r'<figure class="chart".*?</figure>', page, re.S).group(0)
    head = re.search(r"<thead>(.*?)</thead>", figure, re.S).group(1)
    assert re.findall(r"<th[^>]*>(.*?)</th>", head) == ["Date", "Views", "Applications", "Spend"]
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_one_row_per_day_of_the_last_30_summing_jobs_and_offers(staff, seeded):
    table = rows(staff.get("/dashboard/").content.decode())

    assert [row[0] for row in table] == [(date(2026, 3, 2) + timedelta(days=n)).isoformat() for n in range(30)]
    assert table[0] == ["2026-03-02", "7", "0", "$0.00"]
    assert table[1] == ["2026-03-03", "0", "0", "$0.00"]
    assert table[-1] == ["2026-03-31", "18", "3", "$5.00"]


def test_the_totals_and_their_change_against_the_30_days_before(staff, seeded):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", staff.get("/dashboard/").content.decode()))

    assert "25 views +1 (+4.2%) against the 30 days before" in text
    assert "3 applications -1 (-25.0%) against the 30 days before" in text
    assert "$5.00 spend -$5.00 (-50.0%) against the 30 days before" in text


def test_without_figures_the_table_still_lists_30_days_of_zeros(staff):
    table = rows(staff.get("/dashboard/").content.decode())

    assert len(table) == 30
    assert {tuple(row[1:]) for row in table} == {("0", "0", "$0.00")}


def test_the_csv_holds_the_same_numbers_under_the_apis_keys(staff, seeded):
    assert 'href="/dashboard/last-30-days.csv"' in staff.get("/dashboard/").content.decode()

    response = staff.get("/dashboard/last-30-days.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == ["date", "views", "applications", "spendCents"]
    assert len(lines) == 31
    assert lines[1] == ["2026-03-02", "7", "0", "0"]
    assert lines[-1] == ["2026-03-31", "18", "3", "500"]


def test_another_companys_figures_are_not_counted(rival_staff, seeded):
    table = rows(rival_staff.get("/dashboard/").content.decode())

    assert table[-1] == ["2026-03-31", "500", "0", "$0.00"]
    assert sum(int(row[1]) for row in table) == 500
