"""GET /jobs/{id}/stats: the job's figures per UTC day of a range (default the last 30 days), one entry per day,
zeros included, ascending, with totals; a bad range is 422 VALIDATION_FAILED naming the field, never clamped."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
import yaml

from jobs.services.days import job_day_add

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
KEYS = ("views", "applications", "qualifiedApplications", "accepted", "rejected", "spendCents")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield NOW.date()


@pytest.fixture
def job_id(create_job):
    return create_job(publish=True)["id"]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def stats(api, job_id, **query):
    return api.get(f"/jobs/{job_id}/stats", **query)


def test_by_default_the_last_30_days_one_entry_each_with_zeros_ascending(owner_api, job_id, today):
    job_day_add(job_id=job_id, now=at(today), views=7, applications=2, qualified_applications=1, spend_cents=500)
    job_day_add(job_id=job_id, now=at(today - timedelta(days=29)), views=3, accepted=1, rejected=2)
    job_day_add(job_id=job_id, now=at(today - timedelta(days=30)), views=100)  # the day before the range

    response = stats(owner_api, job_id)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["jobId"], body["from"], body["to"]) == (job_id, "2026-03-02", "2026-03-31")
    assert [entry["date"] for entry in body["days"]] == [
        (date(2026, 3, 2) + timedelta(days=n)).isoformat() for n in range(30)
    ]
    assert body["days"][0] == {"date": "2026-03-02", **dict(zip(KEYS, (3, 0, 0, 1, 2, 0), strict=True))}
    assert body["days"][1] == {"date": "2026-03-03", **dict.fromkeys(KEYS, 0)}
    assert body["days"][-1] == {"date": "2026-03-31", **dict(zip(KEYS, (7, 2, 1, 0, 0, 500), strict=True))}
    assert body["totals"] == dict(zip(KEYS, (10, 2, 1, 1, 2, 500), strict=True))


def test_a_chosen_range_lists_exactly_its_days(owner_api, job_id):
    job_day_add(job_id=job_id, now=at(date(2026, 1, 10)), views=4)

    body = stats(owner_api, job_id, **{"from": "2026-01-09", "to": "2026-01-11"}).json()

    assert [(entry["date"], entry["views"]) for entry in body["days"]] == [
        ("2026-01-09", 0),
        ("2026-01-10", 4),
        ("2026-01-11", 0),
    ]
    assert body["totals"]["views"] == 4


def test_from_alone_runs_to_today(owner_api, job_id):
    body = stats(owner_api, job_id, **{"from": "2026-03-29"}).json()
    assert (body["from"], body["to"], len(body["days"])) == ("2026-03-29", "2026-03-31", 3)


def test_to_alone_starts_at_the_default_from(owner_api, job_id):
    body = stats(owner_api, job_id, to="2026-03-30").json()
    assert (body["from"], body["to"], len(body["days"])) == ("2026-03-02", "2026-03-30", 29)


def test_366_days_counting_both_ends_is_the_longest_range(owner_api, job_id):
    response = stats(owner_api, job_id, **{"from": "2025-03-31", "to": "2026-03-31"})
    assert response.status_code == 200 and len(response.json()["days"]) == 366


def refusal(response) -> tuple:
    body = response.json()
    return response.status_code, body["error"]["code"], sorted(body["error"]["fields"])


def test_367_days_is_422_naming_from_never_clamped(owner_api, job_id):
    response = stats(owner_api, job_id, **{"from": "2025-03-30", "to": "2026-03-31"})
    assert refusal(response) == (422, "VALIDATION_FAILED", ["from"])


def test_from_after_to_is_422_naming_from(owner_api, job_id):
    response = stats(owner_api, job_id, **{"from": "2026-03-20", "to": "2026-03-19"})
    assert refusal(response) == (422, "VALIDATION_FAILED", ["from"])


@pytest.mark.parametrize("bad", ["2026-02-30", "20260301", "2026-3-1", "yesterday", ""])
def test_a_bad_from_date_is_422_naming_from(owner_api, job_id, bad):
    assert refusal(stats(owner_api, job_id, **{"from": bad})) == (422, "VALIDATION_FAILED", ["from"])


def test_a_bad_to_date_is_422_naming_to(owner_api, job_id):
    assert refusal(stats(owner_api, job_id, to="2026-13-01")) == (422, "VALIDATION_FAILED", ["to"])


def test_to_after_today_is_422_naming_to(owner_api, job_id):
    assert refusal(stats(owner_api, job_id, to="2026-04-01")) == (422, "VALIDATION_FAILED", ["to"])


def test_another_companys_job_is_404(other_api, job_id):
    response = stats(other_api, job_id)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "NOT_FOUND")


def test_an_unknown_or_malformed_job_id_is_404(owner_api):
    assert stats(owner_api, "00000000-0000-0000-0000-000000000000").status_code == 404
    assert stats(owner_api, "not-a-uuid").status_code == 404


def test_the_stats_operation_is_in_the_openapi_schema(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/external/v1/jobs/{job_id}/stats"]["get"]
    assert operation["operationId"] == "jobs_stats_retrieve"
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"from", "to"}
    assert {"200", "404", "422"} <= set(operation["responses"])
