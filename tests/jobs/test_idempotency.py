"""Idempotency-Key on partner POST and PATCH: a retry gets the first answer again and changes nothing."""

import json
import logging
from datetime import timedelta

import pytest
import yaml
from django.utils import timezone

from jobboard.tasks import purge_idempotency_keys
from jobs.choices import IdempotencyState, JobStatus
from jobs.idempotency import body_fingerprint
from jobs.models import IdempotencyKey, Job
from jobs.services import jobs as services
from jobs.services.idempotency_keys import idempotency_key_claim, idempotency_keys_purge
from plumbing.ratelimit import get_limiter
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db

JOBS_PATH = "/api/external/v1/jobs"


def key(value):
    return {"Idempotency-Key": value}


def replayed(response) -> bool:
    return response.get("Idempotent-Replayed") == "true"


def count_calls(monkeypatch, name):
    """Wraps jobs.services.<name> (the views call it through the module) and returns the list of its calls."""
    calls = []
    original = getattr(services, name)

    def counted(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(services, name, counted)
    return calls


def test_a_retried_create_with_the_same_key_returns_the_same_job_and_creates_one(
    owner_api, owner_company, complete_job_body, monkeypatch
):
    first = owner_api.post("/jobs", complete_job_body, headers=key("create-1"))
    assert first.status_code == 201 and not replayed(first)
    creates = count_calls(monkeypatch, "job_create")

    retry = owner_api.post("/jobs", complete_job_body, headers=key("create-1"))

    assert retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["Content-Type"] == "application/json"
    assert retry.json() == first.json()
    assert creates == []
    assert Job.objects.filter(company=owner_company).count() == 1


def test_key_order_and_whitespace_do_not_make_another_body(owner_api, owner_company, complete_job_body):
    owner_api.post("/jobs", raw=json.dumps(complete_job_body), headers=key("same-meaning"))
    reordered = json.dumps(dict(reversed(list(complete_job_body.items()))), indent=4)

    retry = owner_api.post("/jobs", raw=reordered, headers=key("same-meaning"))

    assert retry.status_code == 201 and replayed(retry)
    assert Job.objects.filter(company=owner_company).count() == 1


def test_a_retried_publish_replays_200_and_does_not_publish_twice(owner_api, create_job, monkeypatch):
    job = create_job()
    first = owner_api.post(f"/jobs/{job['id']}/publish", headers=key("publish-1"))
    assert first.status_code == 200 and first.json()["status"] == "ACTIVE"
    actions = count_calls(monkeypatch, "job_publish")

    retry = owner_api.post(f"/jobs/{job['id']}/publish", headers=key("publish-1"))

    assert retry.status_code == 200 and replayed(retry)
    assert retry.json() == first.json()
    assert actions == []
    # Without the key the same publish is a second attempt, and refused.
    assert owner_api.post(f"/jobs/{job['id']}/publish").json()["error"]["code"] == "INVALID_TRANSITION"


def test_a_retried_patch_replays_the_first_answer_and_changes_nothing(owner_api, create_job):
    job = create_job()
    first = owner_api.patch(f"/jobs/{job['id']}", {"title": "First title"}, headers=key("patch-1"))
    assert first.status_code == 200 and not replayed(first)
    owner_api.patch(f"/jobs/{job['id']}", {"title": "Changed since"})

    retry = owner_api.patch(f"/jobs/{job['id']}", {"title": "First title"}, headers=key("patch-1"))

    assert retry.status_code == 200 and replayed(retry)
    assert retry.json()["title"] == "First title"
    assert Job.objects.get(pk=job["id"]).title == "Changed since"


def test_a_replayed_422_stays_422_with_the_same_body(owner_api, owner_company):
    first = owner_api.post("/jobs", {"description": "no title"}, headers=key("invalid-1"))
    assert first.status_code == 422 and "title" in first.json()["error"]["fields"]

    retry = owner_api.post("/jobs", {"description": "no title"}, headers=key("invalid-1"))

    assert retry.status_code == 422 and replayed(retry)
    assert retry.json() == first.json()
    assert not Job.objects.filter(company=owner_company).exists()


def test_the_same_key_with_another_body_is_refused_and_creates_nothing(owner_api, owner_company, complete_job_body):
    owner_api.post("/jobs", complete_job_body, headers=key("body-1"))

    response = owner_api.post("/jobs", {**complete_job_body, "title": "Another job"}, headers=key("body-1"))

    assert response.status_code == 422 and not replayed(response)
    error = response.json()["error"]
    assert error["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "different body" in error["message"]
    assert list(Job.objects.filter(company=owner_company).values_list("title", flat=True)) == ["Backend Engineer"]


def test_the_same_key_on_another_path_is_refused(owner_api, create_job):
    first_job, second_job = create_job(), create_job()
    owner_api.post(f"/jobs/{first_job['id']}/publish", headers=key("path-1"))

    response = owner_api.post(f"/jobs/{second_job['id']}/publish", headers=key("path-1"))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "different path;" in response.json()["error"]["message"]
    assert Job.objects.get(pk=second_job["id"]).status == JobStatus.DRAFT


def test_the_same_key_with_another_method_is_refused(owner_api, create_job):
    job = create_job()
    assert owner_api.post(f"/jobs/{job['id']}", {"title": "x"}, headers=key("method-1")).status_code == 405

    response = owner_api.patch(f"/jobs/{job['id']}", {"title": "x"}, headers=key("method-1"))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "different method;" in response.json()["error"]["message"]
    assert Job.objects.get(pk=job["id"]).title == "Backend Engineer"


@pytest.mark.parametrize(
    "bad_key",
    ["", "k" * 256, "clé-1", "line\nbreak", "tab\there", "nul\x00", "del\x7f"],
    ids=["empty", "256-chars", "non-ascii", "newline", "tab", "nul", "del"],
)
def test_a_malformed_key_is_a_validation_error_naming_the_header(owner_api, owner_company, complete_job_body, bad_key):
    response = owner_api.post("/jobs", complete_job_body, headers=key(bad_key))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert list(error["fields"]) == ["Idempotency-Key"]
    assert not Job.objects.filter(company=owner_company).exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("good_key", ["k" * 255, "a", " !~ printable ASCII: {}[]=+/ "])
def test_any_printable_ascii_key_up_to_255_characters_is_accepted(owner_api, complete_job_body, good_key):
    first = owner_api.post("/jobs", complete_job_body, headers=key(good_key))
    retry = owner_api.post("/jobs", complete_job_body, headers=key(good_key))
    assert (first.status_code, retry.status_code) == (201, 201)
    assert replayed(retry) and retry.json()["id"] == first.json()["id"]


def test_a_body_too_large_to_fingerprint_is_413_and_stores_nothing(owner_api, complete_job_body, settings):
    body = json.dumps({**complete_job_body, "description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = owner_api.post("/jobs", raw=body, headers=key("huge-1"))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert not IdempotencyKey.objects.exists()


def test_a_get_ignores_the_header(owner_api):
    response = owner_api.get("/jobs", headers=key(""))
    assert response.status_code == 200 and not replayed(response)


def test_another_company_using_the_same_key_gets_its_own_fresh_result(
    owner_api, other_api, other_company, complete_job_body
):
    mine = owner_api.post("/jobs", complete_job_body, headers=key("shared-key"))

    theirs = other_api.post("/jobs", complete_job_body, headers=key("shared-key"))

    assert theirs.status_code == 201 and not replayed(theirs)
    assert theirs.json()["id"] != mine.json()["id"]
    assert theirs.json()["companyId"] == str(other_company.pk)


def test_another_key_of_the_same_company_shares_its_keys(owner_api, owner_company, complete_job_body):
    from companies.services import partner_key_issue

    first = owner_api.post("/jobs", complete_job_body, headers=key("company-wide"))
    second_client = PartnerClient(partner_key_issue(company=owner_company).raw)

    retry = second_client.post("/jobs", complete_job_body, headers=key("company-wide"))

    assert replayed(retry) and retry.json()["id"] == first.json()["id"]


def test_a_key_is_replayed_for_24_hours_then_runs_again(owner_api, owner_company, complete_job_body, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    first = owner_api.post("/jobs", complete_job_body, headers=key("day-old"))

    time_machine.move_to(start + timedelta(hours=23, minutes=59))
    assert replayed(owner_api.post("/jobs", complete_job_body, headers=key("day-old")))

    time_machine.move_to(start + timedelta(hours=24, seconds=1))
    again = owner_api.post("/jobs", complete_job_body, headers=key("day-old"))

    assert again.status_code == 201 and not replayed(again)
    assert again.json()["id"] != first.json()["id"]
    assert Job.objects.filter(company=owner_company).count() == 2
    # The fresh answer is the one kept from now on.
    assert owner_api.post("/jobs", complete_job_body, headers=key("day-old")).json()["id"] == again.json()["id"]


def test_a_429_is_not_stored_so_the_retry_runs(owner_api, owner_company, complete_job_body, settings):
    settings.PARTNER_RATE_LIMIT_PER_MINUTE = 1
    owner_api.get("/jobs")

    limited = owner_api.post("/jobs", complete_job_body, headers=key("limited-1"))
    assert limited.status_code == 429
    get_limiter().reset()
    retry = owner_api.post("/jobs", complete_job_body, headers=key("limited-1"))

    assert retry.status_code == 201 and not replayed(retry)
    assert Job.objects.filter(company=owner_company).count() == 1


def test_a_429_from_the_view_gives_the_key_back(owner_api, owner_company, complete_job_body, monkeypatch):
    from jobs.exceptions import JobError

    class Busy(JobError):
        code, status, message = "RATE_LIMITED", 429, "Busy."

    def busy(**kwargs):
        raise Busy()

    original = services.job_create
    monkeypatch.setattr(services, "job_create", busy)
    assert owner_api.post("/jobs", complete_job_body, headers=key("busy-1")).status_code == 429
    monkeypatch.setattr(services, "job_create", original)

    retry = owner_api.post("/jobs", complete_job_body, headers=key("busy-1"))

    assert retry.status_code == 201 and not replayed(retry)
    assert Job.objects.filter(company=owner_company).count() == 1


def test_a_5xx_is_not_stored_so_the_retry_runs_and_succeeds(owner_api, owner_company, complete_job_body, monkeypatch):
    original = services.job_create
    failures = []

    def fails_once(**kwargs):
        if not failures:
            failures.append(kwargs)
            raise RuntimeError("database hiccup")
        return original(**kwargs)

    monkeypatch.setattr(services, "job_create", fails_once)
    failed = owner_api.post("/jobs", complete_job_body, headers=key("flaky-1"))
    assert failed.status_code == 500 and failed.json()["error"]["code"] == "INTERNAL"

    retry = owner_api.post("/jobs", complete_job_body, headers=key("flaky-1"))

    assert retry.status_code == 201 and not replayed(retry)
    assert Job.objects.filter(company=owner_company).count() == 1
    assert replayed(owner_api.post("/jobs", complete_job_body, headers=key("flaky-1")))


def test_a_bad_service_key_gets_401_and_stores_nothing(owner_api, complete_job_body):
    refused = PartnerClient("sk_ext_not-a-key").post("/jobs", complete_job_body, headers=key("auth-1"))
    assert refused.status_code == 401
    assert not IdempotencyKey.objects.exists()

    response = owner_api.post("/jobs", complete_job_body, headers=key("auth-1"))
    assert response.status_code == 201 and not replayed(response)


def claim_for(company, key_value, body):
    """Claims a key the way a request still running would hold it."""
    return idempotency_key_claim(
        company=company,
        key=key_value,
        method="POST",
        path=JOBS_PATH,
        body_hash=body_fingerprint(json.dumps(body).encode()),
        now=timezone.now(),
    )


def test_a_retry_while_the_first_is_still_running_is_409(owner_api, owner_company, complete_job_body):
    claim_for(owner_company, "running-1", complete_job_body)

    response = owner_api.post("/jobs", complete_job_body, headers=key("running-1"))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "IDEMPOTENCY_IN_PROGRESS"
    assert not Job.objects.filter(company=owner_company).exists()


def test_a_claim_left_running_for_10_minutes_is_taken_over(owner_api, owner_company, complete_job_body, time_machine):
    """The process that claimed it died mid-request; the key must not refuse retries for a whole day."""
    claim_for(owner_company, "orphan-1", complete_job_body)
    time_machine.move_to(timezone.now() + timedelta(minutes=10, seconds=1))

    response = owner_api.post("/jobs", complete_job_body, headers=key("orphan-1"))

    assert response.status_code == 201 and not replayed(response)
    assert IdempotencyKey.objects.get(key="orphan-1").state == IdempotencyState.DONE


def stored_key(company, name, created_at):
    return IdempotencyKey.objects.create(
        company=company,
        key=name,
        method="POST",
        path=JOBS_PATH,
        body_hash="0" * 64,
        state=IdempotencyState.DONE,
        response_status=201,
        response_body="{}",
        created_at=created_at,
    )


def test_the_purge_deletes_only_keys_older_than_24_hours_in_batches(owner_company, other_company):
    now = timezone.now()
    for i in range(5):
        stored_key(owner_company, f"old-{i}", now - timedelta(hours=24, minutes=i))
    stored_key(other_company, "old-other", now - timedelta(days=3))
    stored_key(owner_company, "fresh", now - timedelta(hours=23, minutes=59))
    stored_key(other_company, "new", now)

    assert idempotency_keys_purge(now=now, batch_size=2) == 6

    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh", "new"]


def test_the_beat_task_purges_and_logs_the_count(owner_company, caplog):
    stored_key(owner_company, "old", timezone.now() - timedelta(days=2))
    stored_key(owner_company, "fresh", timezone.now())

    with caplog.at_level(logging.INFO, logger="jobboard.tasks"):
        assert purge_idempotency_keys() == 1

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert "1 idempotency key(s)" in caplog.text


def test_the_schema_documents_the_idempotency_headers_on_writes_only(client):
    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]

    def header_names(operation):
        return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}

    for path, method in [
        ("/api/external/v1/jobs", "post"),
        ("/api/external/v1/jobs/{job_id}", "patch"),
        ("/api/external/v1/jobs/{job_id}/publish", "post"),
    ]:
        operation = paths[path][method]
        assert "Idempotency-Key" in header_names(operation), (path, method)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        assert "Idempotent-Replayed" in operation["responses"][success].get("headers", {}), (path, method)
    assert "Idempotency-Key" not in header_names(paths["/api/external/v1/jobs"]["get"])
