"""A keyed write and its stored answer commit together: a failure between them leaves neither behind."""

import pytest
from django.db import DatabaseError

from jobs.models import IdempotencyKey, Job
from jobs.services import idempotency_keys
from jobs.services import jobs as job_services

pytestmark = pytest.mark.django_db(transaction=True)


def test_when_the_answer_cannot_be_stored_the_job_is_not_kept_and_a_retry_creates_it_once(
    owner_api, owner_company, complete_job_body, monkeypatch
):
    real_finish = idempotency_keys.idempotency_key_finish
    calls = []

    def failing_finish(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise DatabaseError("connection lost")
        return real_finish(**kwargs)

    monkeypatch.setattr(idempotency_keys, "idempotency_key_finish", failing_finish)
    headers = {"Idempotency-Key": "create-once"}
    first = owner_api.post("/jobs", complete_job_body, headers=headers)
    assert first.status_code == 503 and first.json()["error"]["code"] == "UNAVAILABLE"
    assert not Job.objects.filter(company=owner_company).exists()
    assert not IdempotencyKey.objects.exists()

    retry = owner_api.post("/jobs", complete_job_body, headers=headers)
    assert retry.status_code == 201
    again = owner_api.post("/jobs", complete_job_body, headers=headers)
    assert again.status_code == 201 and again.json()["id"] == retry.json()["id"]
    assert Job.objects.filter(company=owner_company).count() == 1


def test_a_server_error_rolls_back_what_the_view_wrote(owner_api, owner_company, complete_job_body, monkeypatch):
    real_refresh = job_services.jobs_refresh_search_vectors

    def explode(**kwargs):
        real_refresh(**kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(job_services, "jobs_refresh_search_vectors", explode)
    response = owner_api.post("/jobs", complete_job_body, headers={"Idempotency-Key": "boom"})
    assert response.status_code == 500
    assert not Job.objects.filter(company=owner_company).exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize(
    "cursor",
    ["W" * 1468, "WyJ" + "bWJ" * 400, "%5B" * 300],
)
def test_deep_or_long_cursors_are_refused_as_unreadable(owner_api, create_job, cursor):
    job = create_job()
    for path in ("/jobs", f"/jobs/{job['id']}/applications", "/webhooks/1/deliveries"):
        response = owner_api.get(path, cursor=cursor)
        assert response.status_code in (404, 422), (path, response.status_code)
        if response.status_code == 422:
            assert "cursor" in response.json()["error"]["fields"]


def test_a_deeply_nested_cursor_is_refused(owner_api):
    import base64

    nested = base64.urlsafe_b64encode(b"[" * 150).decode().rstrip("=")
    response = owner_api.get("/jobs", cursor=nested)
    assert response.status_code == 422 and "cursor" in response.json()["error"]["fields"]


def test_a_keyed_write_to_a_path_with_nul_is_a_404(owner_api):
    response = owner_api.patch("/jobs/%00", {"title": "x"}, headers={"Idempotency-Key": "nul"})
    assert response.status_code == 404
    assert not IdempotencyKey.objects.exists()
