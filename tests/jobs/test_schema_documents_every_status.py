"""The partner API's OpenAPI schema documents every status its operations answer.

Each operation is sent what makes it answer each kind of refusal (a bad Idempotency-Key, a blocked company, an
unknown id, no key, an Accept it cannot meet, an oversized body); the status it answers must be among that
operation's documented responses, which is what schemathesis checks."""

import re

import pytest
import yaml

from companies.services import company_set_blocked
from jobs.services.applications import application_submit
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db

PREFIX = "/api/external/v1"
BODILESS_POSTS = {
    "jobs_pause": "/jobs/{job_id}/pause",
    "jobs_resume": "/jobs/{job_id}/resume",
    "jobs_close": "/jobs/{job_id}/close",
    "applications_accept": "/applications/{application_id}/accept",
    "applications_reject": "/applications/{application_id}/reject",
    "applications_view": "/applications/{application_id}/view",
}
BAD_KEY = {"Idempotency-Key": "k" * 256}


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/schema/").content)


def operations(schema):
    """(method, path template under the prefix, operation) for every partner API operation."""
    for path, item in schema["paths"].items():
        if path.startswith(PREFIX):
            for method, operation in item.items():
                if method in ("get", "post", "patch", "delete"):
                    yield method.upper(), path[len(PREFIX) :], operation


def documented(schema, method: str, template: str) -> set[int]:
    return {int(status) for status in schema["paths"][PREFIX + template][method.lower()]["responses"]}


@pytest.fixture
def ids(create_job):
    job = create_job(publish=True)
    application = application_submit(
        job_id=job["id"], candidate_name="Ada", email="ada@example.com", answers={}, met_qualification_ids=[]
    )
    return {"job_id": job["id"], "application_id": str(application.pk), "webhook_id": "1"}


def fill(template: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: ids[match.group(1)], template)


def test_every_bodiless_partner_post_documents_422_for_a_bad_idempotency_key(schema, owner_api, ids):
    for operation_id, template in BODILESS_POSTS.items():
        response = owner_api.post(fill(template, ids), headers=BAD_KEY)
        assert response.status_code == 422, operation_id
        assert "Idempotency-Key" in response.json()["error"]["fields"], operation_id
        answer = schema["paths"][PREFIX + template]["post"]["responses"].get("422")
        assert answer is not None, f"{operation_id} answers 422 but its schema does not say so"
        assert "Idempotency-Key" in answer["description"], operation_id


def test_every_write_documents_what_a_bad_idempotency_key_and_an_oversized_body_answer(schema, owner_api, ids):
    for method, template, operation in operations(schema):
        if method not in ("POST", "PATCH"):
            continue
        path = fill(template, ids)
        bad_key = owner_api.request(method, path, body={}, headers=BAD_KEY)
        assert bad_key.status_code in documented(schema, method, template), (operation["operationId"], 422)
        too_large = owner_api.request(method, path, raw="x" * (1024 * 1024 + 1), headers={"Idempotency-Key": "big"})
        assert too_large.status_code == 413, operation["operationId"]
        assert 413 in documented(schema, method, template), operation["operationId"]


def test_every_operation_documents_401_without_a_key_and_406_for_an_accept_it_cannot_meet(schema, ids, owner_api):
    anonymous = PartnerClient(None)
    for method, template, operation in operations(schema):
        path = fill(template, ids)
        response = anonymous.request(method, path, body=None if method in ("GET", "DELETE") else {})
        assert response.status_code == 401, operation["operationId"]
        assert 401 in documented(schema, method, template), operation["operationId"]
        refused = owner_api.request(
            method, path, body=None if method in ("GET", "DELETE") else {}, headers={"Accept": "text/html"}
        )
        assert refused.status_code == 406, (operation["operationId"], refused.status_code)
        assert 406 in documented(schema, method, template), operation["operationId"]


def test_every_operation_on_an_unknown_id_documents_its_404(schema, owner_api):
    unknown = {"job_id": "00000000-0000-0000-0000-000000000000", "application_id": "999999", "webhook_id": "999999"}
    for method, template, operation in operations(schema):
        if "{" not in template:
            continue
        response = owner_api.request(method, fill(template, unknown), body=None if method in ("GET", "DELETE") else {})
        assert response.status_code == 404, operation["operationId"]
        assert 404 in documented(schema, method, template), operation["operationId"]


def test_writes_refused_to_a_blocked_company_document_their_403(schema, owner_api, owner_company, create_job, ids):
    draft = create_job(publish=False)["id"]
    owner_api.post(f"/jobs/{ids['job_id']}/pause")
    company_set_blocked(company=owner_company, blocked=True, admin_reason="Spam", actor=None)
    requests = {
        ("POST", "/jobs"): ("/jobs", {"title": "New"}),
        ("PATCH", "/jobs/{job_id}"): (f"/jobs/{draft}", {"title": "Renamed"}),
        ("POST", "/jobs/{job_id}/publish"): (f"/jobs/{draft}/publish", None),
        ("POST", "/jobs/{job_id}/resume"): (f"/jobs/{ids['job_id']}/resume", None),
    }
    for (method, template), (path, body) in requests.items():
        response = owner_api.request(method, path, body=body)
        assert response.status_code == 403, (template, response.json())
        assert 403 in documented(schema, method, template), (method, template)
