"""Cursors are not signed, so a client can write any time into one: a time outside year 1–9999 once in UTC is 422
"Unreadable cursor", never a 500 (SQLite overflowed converting it to UTC), on every list that pages by time."""

import base64
import json

import pytest

from jobs.api.cursors import UNREADABLE

pytestmark = pytest.mark.django_db

OUTSIDE_THE_CALENDAR_IN_UTC = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"]


def cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def cursor_refusal(response) -> str:
    assert response.status_code == 422, response.content
    return response.json()["error"]["fields"]["cursor"]


@pytest.mark.parametrize("when", OUTSIDE_THE_CALENDAR_IN_UTC)
def test_a_job_list_cursor_time_outside_the_calendar_in_utc_is_422(owner_api, when):
    response = owner_api.get("/jobs", cursor=cursor([when, "8d6f9a3e-4a6b-4f1e-9d55-8a2f0c1b2c3d"]))
    assert cursor_refusal(response) == UNREADABLE


@pytest.mark.parametrize("when", OUTSIDE_THE_CALENDAR_IN_UTC)
def test_an_application_list_cursor_time_outside_the_calendar_in_utc_is_422(owner_api, create_job, when):
    job = create_job()
    response = owner_api.get(f"/jobs/{job['id']}/applications", cursor=cursor([when, 5]))
    assert cursor_refusal(response) == UNREADABLE


def test_a_cursor_time_at_the_edge_of_the_calendar_reads_as_an_empty_page(owner_api, create_job):
    job = create_job()
    first = cursor(["0001-01-01T00:00:00+00:00", "8d6f9a3e-4a6b-4f1e-9d55-8a2f0c1b2c3d"])
    assert owner_api.get("/jobs", cursor=first).json() == {"items": [], "nextCursor": None}
    response = owner_api.get(f"/jobs/{job['id']}/applications", cursor=cursor(["0001-01-01T00:00:00+00:00", 5]))
    assert response.status_code == 200 and response.json()["data"] == []
