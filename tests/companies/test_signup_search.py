"""Admins and god mode search applications: by company name (substring), state (repeatable) and submission
dates, sorted by submittedAt or companyName either way, paged with limit (≤ 100) and offset; {applications,
docCount}. Bad parameters are 422 in the query; anyone else is 401."""

from datetime import datetime, timedelta, timezone

import pytest
from django.test import Client

from companies.applications.services import company_application_submit, company_application_validate
from tests.helpers import GOD_TOKEN

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


@pytest.fixture
def applications():
    for i, (name, confirmed) in enumerate([("Orchard Bikes", True), ("Apple Carts", False), ("Bike Hub", True)]):
        company_application_submit(
            email=f"a{i}@apply.example",
            password="orchard-lane-42",
            company_name=name,
            motivation="We hire people every season.",
            now=START + timedelta(days=i),
            token=f"tok{i}",
        )
        if confirmed:
            company_application_validate(token=f"tok{i}", now=START + timedelta(days=i, minutes=5))


def names(response):
    assert response.status_code == 200, response.json()
    return [a["companyName"] for a in response.json()["applications"]]


def test_filters_sort_and_pages(reviewer_api, applications):
    def search(**query):
        return reviewer_api.get("/api/applications/company/search", query)

    assert names(search()) == ["Orchard Bikes", "Apple Carts", "Bike Hub"]
    assert search().json()["docCount"] == 3
    assert names(search(companyName="bike")) == ["Orchard Bikes", "Bike Hub"]
    assert names(search(state=["PENDING"])) == ["Orchard Bikes", "Bike Hub"]
    assert names(search(state=["UNVERIFIED", "PENDING"], sortBy="companyName")) == [
        "Apple Carts",
        "Bike Hub",
        "Orchard Bikes",
    ]
    assert names(search(sortBy="submittedAt", descending="true")) == ["Bike Hub", "Apple Carts", "Orchard Bikes"]
    assert names(search(submissionDateFrom="2026-03-02T00:00:00Z", submissionDateTo="2026-03-02T23:59:59Z")) == [
        "Apple Carts"
    ]
    # A date alone is the whole day at either end.
    assert names(search(submissionDateFrom="2026-03-02", submissionDateTo="2026-03-02")) == ["Apple Carts"]
    page = search(limit=1, offset=1)
    assert names(page) == ["Apple Carts"] and page.json()["docCount"] == 3
    (first,) = search(limit=1).json()["applications"]
    assert set(first) >= {"id", "email", "companyName", "motivation", "submittedAt", "state", "rejectReason"}
    assert "password" not in first and "passwordHash" not in first


@pytest.mark.parametrize(
    "param, value, msg",
    [
        ("limit", "101", "size-must-be-between:[1,100]"),
        ("limit", "x", "must-be-int"),
        ("offset", "-1", "must-be-greater-than-or-equal-to-0"),
        ("state", "NOPE", "must-be-in:[UNVERIFIED, PENDING, APPROVED, REJECTED]"),
        ("sortBy", "email", "must-be-in:[submittedAt, companyName]"),
        ("descending", "yes", "must-be-boolean"),
        ("submissionDateFrom", "yesterday", "must-be-ISO8601-date"),
    ],
)
def test_bad_search_parameters_are_422_in_the_query(reviewer_api, param, value, msg):
    response = reviewer_api.get("/api/applications/company/search", {param: value})

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["param"], error["msg"], error["location"]) == (param, msg, "query")


def test_only_admins_and_god_mode_may_search(staff, settings, applications):
    settings.GOD_TOKEN = GOD_TOKEN
    for client in (Client(), staff):
        assert client.get("/api/applications/company/search").status_code == 401
    god = Client().get("/api/applications/company/search", headers={"X-God-Token": GOD_TOKEN})
    assert god.status_code == 200 and god.json()["docCount"] == 3
