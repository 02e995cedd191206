"""The admin's platform statistics page: every company's postings published, applications, spend, new companies and
confirmed sign-ups waiting for review, one row per UTC day of the range, as charts over their table and a CSV; for
admin staff with jobs.view_platform_statistics only."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from companies.applications.services import (
    company_application_approve,
    company_application_reject,
    company_application_submit,
    company_application_validate,
)
from jobs.services.days import job_day_add
from tests.helpers import logged_in_client
from tests.jobboard.conftest import owner_offer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
PAGE = "/admin/statistics/"
CSV = "/admin/statistics/csv"
HEADERS = ["Date", "Postings published", "Applications", "Spend", "New companies", "Sign-ups to review"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(days_ago: int, hour: int = 9) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _staff_user(email: str, *, allowed: bool):
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-staff-123", is_staff=True)
    if allowed:
        user.user_permissions.add(Permission.objects.get(codename="view_platform_statistics"))
    return user


@pytest.fixture
def analyst() -> Client:
    return logged_in_client(_staff_user("analyst@board.example", allowed=True))


@pytest.fixture
def clerk() -> Client:
    return logged_in_client(_staff_user("clerk@board.example", allowed=False))


def _sign_up(name: str, *, days_ago: int, confirm: bool = True):
    with time_machine.travel(at(days_ago), tick=False):
        company_application_submit(
            email=f"hello@{name.lower()}.example",
            password="orchard-lane-42",
            company_name=name,
            motivation="We hire every season.",
            token=name,
        )
        return company_application_validate(token=name) if confirm else None


@pytest.fixture
def seeded(create_job, owner_company, other_company):
    """Today: the fixtures' two companies, a job and an offer published, 1 application and $2.50 spent.
    Three days ago: a job and an offer published, 2 applications, $5.00. Sign-ups: two confirmed nine days ago,
    one approved five days ago (a new company) and one rejected two days ago; one confirmed yesterday, one never."""
    reviewer = get_user_model().objects.create_superuser(username="root", email="root@board.example", password="pw")
    acme = _sign_up("Acme", days_ago=9)
    beta = _sign_up("Beta", days_ago=9)
    with time_machine.travel(at(5), tick=False):
        company_application_approve(application_id=acme.pk, actor=reviewer)
    with time_machine.travel(at(2), tick=False):
        company_application_reject(application_id=beta.pk, reject_reason="Not a company we can verify.", actor=reviewer)
    _sign_up("Gamma", days_ago=1)
    _sign_up("Delta", days_ago=1, confirm=False)

    with time_machine.travel(at(3), tick=False):
        earlier = create_job(publish=True)["id"]
        owner_offer(owner_company)
    today = create_job(publish=True)["id"]
    create_job(title="Still a draft")
    owner_offer(other_company)
    owner_offer(owner_company, publishDate=(NOW + timedelta(days=2)).isoformat().replace("+00:00", "Z"))
    job_day_add(job_id=earlier, now=at(3), applications=2, qualified_applications=2, spend_cents=500)
    job_day_add(job_id=today, now=at(0), applications=1, spend_cents=250)
    job_day_add(job_id=earlier, now=at(40), applications=9, spend_cents=9000)  # before the range


def rows(page: str, chart: int) -> list[list[str]]:
    figure = re.findall(r'<figure class="chart".*?</figure>', page, re.S)[chart]
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def merged_rows(page: str) -> dict[str, list[str]]:
    """The two charts' tables side by side, by date: each day's five figures as the page shows them."""
    postings, companies = rows(page, 0), rows(page, 1)
    return {left[0]: left[1:] + right[1:] for left, right in zip(postings, companies, strict=True)}


def test_one_row_per_day_of_the_last_30_summing_every_company(analyst, seeded):
    page = analyst.get(PAGE).content.decode()
    table = merged_rows(page)

    assert list(table) == [(TODAY - timedelta(days=29 - n)).isoformat() for n in range(30)]
    day = {back: table[(TODAY - timedelta(days=back)).isoformat()] for back in range(30)}
    assert day[29] == ["0", "0", "$0.00", "0", "0"]
    assert day[9] == ["0", "0", "$0.00", "0", "2"]
    assert day[5] == ["0", "0", "$0.00", "1", "1"]
    assert day[3] == ["2", "2", "$5.00", "0", "1"]
    assert day[2] == ["0", "0", "$0.00", "0", "0"]
    assert day[1] == ["0", "0", "$0.00", "0", "1"]
    assert day[0] == ["2", "1", "$2.50", "2", "1"]


def test_the_page_totals_the_range_and_links_to_the_sign_ups_waiting(analyst, seeded):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", analyst.get(PAGE).content.decode()))

    assert "Postings published: 4 " in text
    assert "Applications: 3 " in text
    assert "Spend: $7.50 " in text
    assert "New companies: 3 " in text
    assert "Sign-ups to review now: 1 ( review them )" in text
    page = analyst.get(PAGE).content.decode()
    assert 'href="/admin/companies/companyapplication/?state__exact=PENDING"' in page


def test_a_range_in_the_past_shows_its_own_days_and_no_waiting_now(analyst, seeded):
    frm, to = (TODAY - timedelta(days=9)).isoformat(), (TODAY - timedelta(days=3)).isoformat()
    page = analyst.get(PAGE, {"from": frm, "to": to}).content.decode()

    assert list(merged_rows(page)) == [(TODAY - timedelta(days=9 - n)).isoformat() for n in range(7)]
    assert "Sign-ups to review now" not in page
    assert "Postings published: <strong>2</strong>" in page


def test_the_csv_holds_every_column_under_api_style_keys(analyst, seeded):
    response = analyst.get(CSV, {"from": (TODAY - timedelta(days=3)).isoformat(), "to": TODAY.isoformat()})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="platform-2026-03-28-2026-03-31.csv"' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table == [
        ["date", "postingsPublished", "applications", "spendCents", "newCompanies", "signupsWaiting"],
        ["2026-03-28", "2", "2", "500", "0", "1"],
        ["2026-03-29", "0", "0", "0", "0", "0"],
        ["2026-03-30", "0", "0", "0", "0", "1"],
        ["2026-03-31", "2", "1", "250", "2", "1"],
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "2026-02-30"}, "from", "Must be a date as YYYY-MM-DD."),
        ({"to": "2026-04-01"}, "to", "Must be today (2026-03-31) or earlier."),
        ({"from": "2025-01-01"}, "from", "The range is 455 days; at most 366, counting both ends."),
    ],
)
def test_a_refused_range_shows_the_last_30_days_and_the_csv_answers_400(analyst, query, field, message):
    page = analyst.get(PAGE, query)

    assert page.status_code == 200
    text = page.content.decode()
    assert message in text
    assert "That range cannot be shown; here are the last 30 days instead." in text
    assert len(merged_rows(text)) == 30
    refused = analyst.get(CSV, query)
    assert refused.status_code == 400
    assert refused.content.decode() == f"{field}: {message}\n"


def test_a_366_day_range_reads_with_as_many_queries_as_a_7_day_one(analyst, seeded):
    def queries(days: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = analyst.get(PAGE, {"from": (TODAY - timedelta(days=days - 1)).isoformat()})
        assert response.status_code == 200
        return len(captured)

    assert queries(366) == queries(7)


def test_the_daily_rows_of_a_range_are_read_through_the_day_index(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT day, SUM(applications) FROM jobs_jobday WHERE day >= %s AND day <= %s GROUP BY day",
            [TODAY - timedelta(days=89), TODAY],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "job_day_day_idx" in plan


def test_staff_without_the_permission_are_refused_and_not_shown_the_link(clerk):
    assert clerk.get(PAGE).status_code == 403
    assert clerk.get(CSV).status_code == 403
    assert PAGE not in clerk.get("/admin/").content.decode()


def test_staff_with_the_permission_find_the_page_from_the_admin_index(analyst):
    index = analyst.get("/admin/").content.decode()

    assert f'<a href="{PAGE}">Statistics</a>' in index
    page = analyst.get(PAGE)
    assert page.status_code == 200
    assert "<h1>Platform statistics</h1>" in page.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "company staff"])
def test_visitors_and_company_staff_are_sent_to_the_admin_login(who, staff):
    client = staff if who == "company staff" else Client()

    for path in (PAGE, CSV):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
