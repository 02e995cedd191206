import base64
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_it_lists_own_jobs_newest_first(owner_api, other_api, create_job):
    first = create_job(title="First")
    second = create_job(title="Second")
    other_api.post("/jobs", {"title": "Not mine"})
    response = owner_api.get("/jobs")
    assert response.status_code == 200
    body = response.json()
    assert [j["id"] for j in body["items"]] == [second["id"], first["id"]]
    assert body["nextCursor"] is None


def test_other_company_sees_none_of_them(other_api, create_job):
    create_job()
    assert other_api.get("/jobs").json()["items"] == []


def test_cursor_pagination_walks_every_job_once(owner_api, create_job):
    ids = [create_job(title=f"Job {i}")["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = owner_api.get("/jobs", **params).json()
        seen += [j["id"] for j in body["items"]]
        cursor = body["nextCursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))


def test_it_filters_by_status(owner_api, create_job):
    draft = create_job()
    active = create_job(publish=True)
    assert [j["id"] for j in owner_api.get("/jobs", status="DRAFT").json()["items"]] == [draft["id"]]
    assert [j["id"] for j in owner_api.get("/jobs", status="ACTIVE").json()["items"]] == [active["id"]]


def test_expired_reads_as_expired_before_any_sweep(owner_api, create_job):
    job = create_job(publish=True)
    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1)):
        assert owner_api.get("/jobs", status="ACTIVE").json()["items"] == []
        expired = owner_api.get("/jobs", status="EXPIRED").json()["items"]
        assert [j["id"] for j in expired] == [job["id"]]
        assert expired[0]["status"] == "EXPIRED"
        assert owner_api.get(f"/jobs/{job['id']}").json()["status"] == "EXPIRED"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WzEsMl0"}, "cursor"),
        ({"status": "OPEN"}, "status"),
        ({"cursor": base64.urlsafe_b64encode(b'["2026-01-01T00:00:00+00:00", "x"]').decode()}, "cursor"),
        (
            {
                "cursor": base64.urlsafe_b64encode(
                    b'["2026-01-01T00:00:00", "00000000-0000-0000-0000-000000000000"]'
                ).decode()
            },
            "cursor",
        ),
        ({"cursor": base64.urlsafe_b64encode(b'{"a": 1, "b": 2}').decode()}, "cursor"),
    ],
)
def test_bad_query_parameters_are_422(owner_api, params, field):
    response = owner_api.get("/jobs", **params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert field in response.json()["error"]["fields"]


def test_limit_100_is_allowed(owner_api):
    assert owner_api.get("/jobs", limit=100).status_code == 200


def test_it_requires_a_key(anonymous_api):
    assert anonymous_api.get("/jobs").status_code == 401
