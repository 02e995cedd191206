"""A lone surrogate ("\\udc00", sent as a JSON escape) is refused with 422 VALIDATION_FAILED naming where it was, in
any string of a body, any query parameter and any header; nothing is stored and nothing answers a 500."""

import json

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from jobs.api.views import JobListCreateView
from jobs.models import Job
from jobs.services.jobs import job_input_errors
from plumbing.api_input import TextSafeJSONRenderer
from tests.helpers import PartnerClient

BAD = "\udc00"

# Where a bad string can sit in a job body, as (path into the body, the field the error names).
PLACES = [
    (("title",), "title"),
    (("description",), "description"),
    (("remoteCountry",), "remoteCountry"),
    (("qualifications", 0, "text"), "qualifications[0].text"),
    (("questions", 0, "prompt"), "questions[0].prompt"),
    (("questions", 0, "options", 1), "questions[0].options[1]"),
    (("budgets", 0, "notes"), "budgets[0].notes"),
    (("budgets", 0, "window"), "budgets[0].window"),
    (("locations", 0, "displayName"), "locations[0].displayName"),
]


def with_bad_string(body: dict, path: tuple) -> dict:
    body = json.loads(json.dumps(body))
    target = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = f"ok {BAD} ok"
    return body


def assert_refused(response, field: str):
    assert response.status_code == 422, response.content
    error = json.loads(response.content)["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert field in error["fields"], error


@pytest.mark.parametrize(("path", "field"), PLACES, ids=[field for _, field in PLACES])
def test_a_lone_surrogate_anywhere_in_a_create_body_is_422_naming_it_and_stores_nothing(
    owner_api, complete_job_body, path, field
):
    response = owner_api.post("/jobs", with_bad_string(complete_job_body, path))

    assert_refused(response, field)
    assert not Job.objects.exists()


@pytest.mark.parametrize(("path", "field"), PLACES[:4], ids=[field for _, field in PLACES[:4]])
def test_a_lone_surrogate_in_a_patch_is_422_and_leaves_the_job_as_it_was(
    owner_api, create_job, complete_job_body, path, field
):
    job = create_job()

    response = owner_api.patch(f"/jobs/{job['id']}", with_bad_string(complete_job_body, path))

    assert_refused(response, field)
    assert owner_api.get(f"/jobs/{job['id']}").json() == job


def test_a_lone_surrogate_in_a_key_of_the_body_is_422_naming_the_object_holding_it(owner_api):
    response = owner_api.post("/jobs", raw=json.dumps({"title": "Fine", BAD: 1}))
    assert_refused(response, "body")
    assert not Job.objects.exists()


def test_a_lone_surrogate_in_a_webhook_url_is_422(owner_api):
    response = owner_api.post("/webhooks", {"url": f"https://hooks.example/{BAD}", "events": ["application.created"]})
    assert_refused(response, "url")


@pytest.mark.parametrize(("header", "value"), [("Idempotency-Key", f"key-{BAD}"), ("X-Anything", BAD)])
def test_a_lone_surrogate_in_a_header_is_422_naming_the_header(owner_api, complete_job_body, header, value):
    response = owner_api.post("/jobs", complete_job_body, headers={header: value})

    assert_refused(response, header)
    assert not Job.objects.exists()


def test_a_lone_surrogate_in_the_authorization_header_is_422_before_any_key_lookup(db, complete_job_body):
    response = PartnerClient(f"sk_ext_{BAD}").post("/jobs", complete_job_body)

    assert_refused(response, "Authorization")
    assert not Job.objects.exists()


def test_a_lone_surrogate_in_a_query_parameter_is_422_naming_the_parameter(owner_api):
    # No HTTP server hands a view such a parameter (query strings decode with replacement), so the request is
    # built with its query already decoded, as another server could pass it.
    request = RequestFactory().get("/api/external/v1/jobs", HTTP_AUTHORIZATION=f"Bearer {owner_api.raw_key}")
    request.GET = QueryDict(mutable=True)
    request.GET["status"] = BAD

    response = JobListCreateView.as_view()(request)
    response.render()

    assert_refused(response, "status")


def test_a_query_parameter_with_the_bytes_of_a_lone_surrogate_is_read_as_replacement_text_not_a_500(owner_api):
    response = owner_api.client.get(
        "/api/external/v1/locations/search",
        QUERY_STRING="q=%ED%B0%80",
        HTTP_AUTHORIZATION=f"Bearer {owner_api.raw_key}",
    )
    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_the_service_refuses_a_lone_surrogate_whoever_calls_it(db):
    data = {"title": f"T{BAD}", "qualifications": [{"text": BAD, "kind": "REQUIRED", "order": 0}]}
    assert set(job_input_errors(data=data)) == {"title", "qualifications[0].text"}


def test_the_renderer_sends_a_stored_lone_surrogate_escaped_instead_of_failing():
    rendered = TextSafeJSONRenderer().render({"items": [{"title": f"caf\u00e9 {BAD}"}]})
    assert json.loads(rendered) == {"items": [{"title": f"caf\u00e9 {BAD}"}]}


def test_the_renderer_keeps_ordinary_text_as_utf8():
    assert TextSafeJSONRenderer().render({"title": "caf\u00e9"}) == '{"title":"caf\u00e9"}'.encode()
