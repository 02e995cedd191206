"""The offer page's Performance section: views and apply clicks per day for 7, 30, 90 days or a from–to range,
as a chart and its table, the click rate, and the CSV of exactly those numbers; another company's offer is 404."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from offers.services.days import offer_days_add

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def offer_id(dashboard_offer):
    offer_id = dashboard_offer().pk
    offer_days_add(
        {
            (str(offer_id), TODAY): {"views": 30, "apply_clicks": 6},
            (str(offer_id), TODAY - timedelta(days=29)): {"views": 10},
            (str(offer_id), TODAY - timedelta(days=30)): {"views": 1000, "apply_clicks": 100},
        }
    )
    return offer_id


def rows(page: str) -> list[list[str]]:
    figure = re.search(r'<figure class="chart".*?</figure>', page, re.S).group(0)
    head = re.search(r"<thead>(.*?)</thead>", figure, re.S).group(1)
    assert re.findall(r"<th[^>]*>(.*?)</th>", head) == ["Date", "Views", "Apply clicks"]
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def page(staff, offer_id, **query) -> str:
    response = staff.get(f"/dashboard/offers/{offer_id}/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_by_default_the_last_30_days_with_zeros_and_the_click_rate(staff, offer_id):
    html = page(staff, offer_id)
    table = rows(html)

    assert [row[0] for row in table] == [(date(2026, 3, 2) + timedelta(days=n)).isoformat() for n in range(30)]
    assert table[0] == ["2026-03-02", "10", "0"]
    assert table[1] == ["2026-03-03", "0", "0"]
    assert table[-1] == ["2026-03-31", "30", "6"]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "40 views" in text and "6 apply clicks (15.0% of views)" in text


@pytest.mark.parametrize(("days", "first"), [(7, "2026-03-25"), (30, "2026-03-02"), (90, "2026-01-01")])
def test_each_range_link_shows_its_days(staff, offer_id, days, first):
    assert f"?from={first}&amp;to=2026-03-31#performance" in page(staff, offer_id)

    table = rows(page(staff, offer_id, **{"from": first, "to": "2026-03-31"}))

    assert (len(table), table[0][0], table[-1][0]) == (days, first, "2026-03-31")


def test_a_refused_range_names_the_field_and_shows_the_last_30_days(staff, offer_id):
    html = page(staff, offer_id, **{"from": "2026-03-10", "to": "2026-03-09"})

    assert "Must be on or before to (2026-03-09)." in html
    assert len(rows(html)) == 30


def test_the_csv_holds_exactly_the_ranges_numbers(staff, offer_id):
    response = staff.get(f"/dashboard/offers/{offer_id}/stats.csv", {"from": "2026-03-01", "to": "2026-03-02"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["date", "views", "applyClicks"],
        ["2026-03-01", "1000", "100"],
        ["2026-03-02", "10", "0"],
    ]
    bad = staff.get(f"/dashboard/offers/{offer_id}/stats.csv", {"from": "March"})
    assert bad.status_code == 400 and bad.content.decode() == "from: Must be a date as YYYY-MM-DD.\n"


def test_another_companys_offer_is_not_found(rival_staff, offer_id):
    assert rival_staff.get(f"/dashboard/offers/{offer_id}/").status_code == 404
    assert rival_staff.get(f"/dashboard/offers/{offer_id}/stats.csv").status_code == 404
