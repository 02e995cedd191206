"""The job page's Performance section: a daily table (and chart) for 7, 30, 90 days or a from–to range, the funnel
with rates, the cost per qualified applicant, and the CSV of exactly those numbers; another company's job is 404."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from jobs.services.days import job_day_add

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
HEADERS = ["Date", "Views", "Applications", "Qualified applications", "Accepted", "Rejected", "Spend"]
CSV_HEADER = ["date", "views", "applications", "qualifiedApplications", "accepted", "rejected", "spendCents"]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield NOW.date()


@pytest.fixture
def job_id(create_job, today):
    job_id = create_job(publish=True)["id"]
    job_day_add(job_id=job_id, now=at(today), views=40, applications=4, qualified_applications=2, spend_cents=1250)
    job_day_add(job_id=job_id, now=at(today - timedelta(days=6)), views=10, applications=1, accepted=1, rejected=2)
    job_day_add(job_id=job_id, now=at(today - timedelta(days=29)), views=50, spend_cents=250)
    job_day_add(job_id=job_id, now=at(today - timedelta(days=30)), views=1000)  # the day before the last 30
    return job_id


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def table(page: str) -> tuple[list[str], list[list[str]]]:
    """The chart's table: its header cells and its rows' cells, as text."""
    block = re.search(r'<figure class="chart".*?</figure>', page, re.S)
    assert block, "no chart figure"
    cells = lambda html: [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", html)]  # noqa: E731
    head = re.search(r"<thead>(.*?)</thead>", block.group(0), re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", block.group(0), re.S).group(1))
    return cells(head.group(1)), [cells(row) for row in rows]


def page(staff, job_id, **query) -> str:
    response = staff.get(f"/dashboard/jobs/{job_id}/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_by_default_the_last_30_days_one_row_each_with_zeros(staff, job_id):
    head, rows = table(page(staff, job_id))

    assert head == HEADERS
    assert [row[0] for row in rows] == [(date(2026, 3, 2) + timedelta(days=n)).isoformat() for n in range(30)]
    assert rows[0] == ["2026-03-02", "50", "0", "0", "0", "0", "$2.50"]
    assert rows[1] == ["2026-03-03", "0", "0", "0", "0", "0", "$0.00"]
    assert rows[23] == ["2026-03-25", "10", "1", "0", "1", "2", "$0.00"]
    assert rows[-1] == ["2026-03-31", "40", "4", "2", "0", "0", "$12.50"]


def test_the_funnel_with_rates_and_the_cost_per_qualified_applicant(staff, job_id):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page(staff, job_id)))

    assert "100 views" in text
    assert "5 applications (5.0% of views)" in text
    assert "2 qualified applications (40.0% of applications)" in text
    assert "1 accepted (50.0% of qualified applications)" in text
    assert "$7.50 per qualified applicant ($15.00 spent)" in text


@pytest.mark.parametrize(("days", "first"), [(7, "2026-03-25"), (30, "2026-03-02"), (90, "2026-01-01")])
def test_each_range_link_shows_its_days(staff, job_id, days, first):
    link = f"?from={first}&amp;to=2026-03-31#performance"
    default = page(staff, job_id)
    assert link in default

    _, rows = table(page(staff, job_id, **{"from": first, "to": "2026-03-31"}))

    assert len(rows) == days
    assert (rows[0][0], rows[-1][0]) == (first, "2026-03-31")


def test_a_from_to_range_shows_exactly_its_days(staff, job_id):
    _, rows = table(page(staff, job_id, **{"from": "2026-02-28", "to": "2026-03-02"}))

    assert rows == [
        ["2026-02-28", "0", "0", "0", "0", "0", "$0.00"],
        ["2026-03-01", "1000", "0", "0", "0", "0", "$0.00"],
        ["2026-03-02", "50", "0", "0", "0", "0", "$2.50"],
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "yesterday"}, "from", "Must be a date as YYYY-MM-DD."),
        ({"to": "2026-04-01"}, "to", "Must be today (2026-03-31) or earlier."),
        ({"from": "2026-03-10", "to": "2026-03-09"}, "from", "Must be on or before to (2026-03-09)."),
        ({"from": "2025-01-01", "to": "2026-03-31"}, "from", "The range is 455 days; at most 366, counting both ends."),
    ],
)
def test_a_refused_range_names_the_field_and_shows_the_last_30_days(staff, job_id, query, field, message):
    html = page(staff, job_id, **query)

    assert f'<ul class="errorlist" id="range-{field}-error"><li>{message}</li></ul>' in html
    _, rows = table(html)
    assert (len(rows), rows[0][0], rows[-1][0]) == (30, "2026-03-02", "2026-03-31")


def test_the_csv_holds_exactly_the_ranges_numbers_under_the_apis_keys(staff, job_id):
    html = page(staff, job_id, **{"from": "2026-03-24", "to": "2026-03-31"})
    assert f'href="/dashboard/jobs/{job_id}/stats.csv?from=2026-03-24&amp;to=2026-03-31"' in html

    response = staff.get(f"/dashboard/jobs/{job_id}/stats.csv", {"from": "2026-03-24", "to": "2026-03-31"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == [(date(2026, 3, 24) + timedelta(days=n)).isoformat() for n in range(8)]
    assert rows[2] == ["2026-03-25", "10", "1", "0", "1", "2", "0"]
    assert rows[-1] == ["2026-03-31", "40", "4", "2", "0", "0", "1250"]


def test_the_csv_refuses_a_bad_range_naming_the_field(staff, job_id):
    response = staff.get(f"/dashboard/jobs/{job_id}/stats.csv", {"to": "2026-04-01"})

    assert response.status_code == 400
    assert response.content.decode() == "to: Must be today (2026-03-31) or earlier.\n"


def test_another_companys_job_is_not_found(rival_staff, job_id):
    assert rival_staff.get(f"/dashboard/jobs/{job_id}/").status_code == 404
    assert rival_staff.get(f"/dashboard/jobs/{job_id}/stats.csv").status_code == 404
