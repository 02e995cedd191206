"""Partner API applications: list (paged, filtered), detail, view, accept and reject; other companies see nothing."""

import base64
from datetime import timedelta

import pytest
import time_machine
import yaml
from django.utils import timezone

from jobs.models import Application, Job
from jobs.services.applications import application_submit

pytestmark = pytest.mark.django_db

QUESTIONS = [{"prompt": "Asked second?", "order": 2}, {"prompt": "Asked first?", "order": 1, "options": ["Yes", "No"]}]


@pytest.fixture
def job(create_job):
    return Job.objects.get(pk=create_job(publish=True, questions=QUESTIONS)["id"])


def apply(job: Job, name: str = "Ada", *, qualified: bool = True) -> Application:
    """A candidate applies through the public site's service: answers every question, meets all or none."""
    first, second = job.questions.order_by("order")
    return application_submit(
        job_id=job.pk,
        candidate_name=name,
        email=f"{name.lower()}@candidates.example",
        answers={str(second.pk): f"{name} later", str(first.pk): "Yes"},
        met_qualification_ids=[q.pk for q in job.qualifications.all()] if qualified else [],
    )


def listed_ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [application["id"] for application in response.json()["data"]]


def test_an_application_shows_every_field_with_answers_in_question_order(owner_api, job):
    application = apply(job)
    first, second = job.questions.order_by("order")
    python, go = job.qualifications.order_by("order")
    body = owner_api.get(f"/applications/{application.pk}").json()
    assert body == {
        "id": str(application.pk),
        "jobId": str(job.pk),
        "candidateName": "Ada",
        "email": "ada@candidates.example",
        "answers": [
            {"questionId": str(first.pk), "answer": "Yes"},
            {"questionId": str(second.pk), "answer": "Ada later"},
        ],
        "metQualificationIds": [str(python.pk), str(go.pk)],
        "qualified": True,
        "status": "PENDING",
        "viewed": False,
        "createdAt": application.created_at.isoformat().replace("+00:00", "Z"),
        "charge": {"charged": True, "amountCents": 500, "reason": None},
    }


def test_the_list_shows_the_jobs_applications_newest_first_in_the_same_shape(owner_api, job, create_job):
    older, newer = apply(job, "Ada"), apply(job, "Bob", qualified=False)
    apply(Job.objects.get(pk=create_job(publish=True, questions=QUESTIONS)["id"]), "Elsewhere")
    response = owner_api.get(f"/jobs/{job.pk}/applications")
    assert listed_ids(response) == [str(newer.pk), str(older.pk)]
    assert response.json()["nextCursor"] is None
    assert response.json()["data"][1] == owner_api.get(f"/applications/{older.pk}").json()
    assert response.json()["data"][0]["qualified"] is False and response.json()["data"][0]["metQualificationIds"] == []


def test_a_job_without_applications_lists_none(owner_api, job):
    assert owner_api.get(f"/jobs/{job.pk}/applications").json() == {"data": [], "nextCursor": None}


def test_cursor_pages_walk_every_application_once_even_when_they_share_a_creation_time(owner_api, job):
    with time_machine.travel(timezone.now(), tick=False):
        ids = [str(apply(job, f"Candidate{i}").pk) for i in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        response = owner_api.get(f"/jobs/{job.pk}/applications", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += listed_ids(response)
        pages += 1
        cursor = response.json()["nextCursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    assert pages == 3


def test_a_page_that_ends_exactly_at_the_last_application_has_no_next_cursor(owner_api, job):
    apply(job, "Ada"), apply(job, "Bob")
    assert owner_api.get(f"/jobs/{job.pk}/applications", limit=2).json()["nextCursor"] is None


def test_filters_by_status_in_capitals(owner_api, job):
    ada, bob, cy = apply(job, "Ada"), apply(job, "Bob"), apply(job, "Cy")
    owner_api.post(f"/applications/{ada.pk}/accept")
    owner_api.post(f"/applications/{bob.pk}/reject")
    url = f"/jobs/{job.pk}/applications"
    assert listed_ids(owner_api.get(url, status="ACCEPTED")) == [str(ada.pk)]
    assert listed_ids(owner_api.get(url, status="REJECTED")) == [str(bob.pk)]
    assert listed_ids(owner_api.get(url, status="PENDING")) == [str(cy.pk)]


def test_filters_by_qualified(owner_api, job):
    yes, no = apply(job, "Ada"), apply(job, "Bob", qualified=False)
    url = f"/jobs/{job.pk}/applications"
    assert listed_ids(owner_api.get(url, qualified="true")) == [str(yes.pk)]
    assert listed_ids(owner_api.get(url, qualified="false")) == [str(no.pk)]


def test_created_after_is_strictly_after_and_combines_with_other_filters(owner_api, job):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        at_start = apply(job, "Ada")
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        later = apply(job, "Bob")
        later_unqualified = apply(job, "Cy", qualified=False)
    url = f"/jobs/{job.pk}/applications"
    assert listed_ids(owner_api.get(url, createdAfter=start.isoformat())) == [str(later_unqualified.pk), str(later.pk)]
    assert listed_ids(owner_api.get(url, createdAfter=start.isoformat(), qualified="true")) == [str(later.pk)]
    before = (start - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert str(at_start.pk) in listed_ids(owner_api.get(url, createdAfter=before))


def cursor_of(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": cursor_of(b"[1, 2]")}, "cursor"),
        ({"cursor": cursor_of(b'["2026-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000000"]')}, "cursor"),
        ({"cursor": cursor_of(b'["2026-01-01T00:00:00", 5]')}, "cursor"),
        ({"cursor": cursor_of(b'["2026-01-01T00:00:00+00:00", 99999999999999999999]')}, "cursor"),
        ({"cursor": cursor_of(b'["2026-01-01T00:00:00+00:00", true]')}, "cursor"),
        ({"cursor": cursor_of(b'{"a": 1, "b": 2}')}, "cursor"),
        ({"cursor": cursor_of(b"\xff\xfe")}, "cursor"),
        ({"status": "pending"}, "status"),
        ({"status": "HIRED"}, "status"),
        ({"qualified": "yes"}, "qualified"),
        ({"createdAfter": "yesterday"}, "createdAfter"),
        ({"createdAfter": "2026-13-01T00:00:00Z"}, "createdAfter"),
        ({"createdAfter": "0001-01-01T00:00:00+01:00"}, "createdAfter"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(owner_api, job, params, field):
    response = owner_api.get(f"/jobs/{job.pk}/applications", **params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert field in response.json()["error"]["fields"]


def test_limit_100_is_allowed(owner_api, job):
    assert owner_api.get(f"/jobs/{job.pk}/applications", limit=100).status_code == 200


@pytest.mark.parametrize("job_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "1"])
def test_an_unknown_or_malformed_job_is_404(owner_api, job_id):
    response = owner_api.get(f"/jobs/{job_id}/applications")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_another_companys_job_is_404_even_with_bad_parameters(other_api, job):
    apply(job)
    for params in ({}, {"limit": 0}):
        response = other_api.get(f"/jobs/{job.pk}/applications", **params)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("method, suffix", [("get", ""), ("post", "/view"), ("post", "/accept"), ("post", "/reject")])
def test_another_companys_application_is_404_and_left_untouched(other_api, job, method, suffix):
    application = apply(job)
    response = getattr(other_api, method)(f"/applications/{application.pk}{suffix}")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "NOT_FOUND", "message": "Not found."}}
    stored = Application.objects.get(pk=application.pk)
    assert stored.status == "pending" and stored.viewed_at is None


BAD_IDS = ["abc", "-1", "0", "1.0", "99999999999999999999", "9223372036854775808", "\u0661", "12345678"]


@pytest.mark.parametrize("application_id", BAD_IDS)
@pytest.mark.parametrize("method, suffix", [("get", ""), ("post", "/view"), ("post", "/accept"), ("post", "/reject")])
def test_malformed_out_of_range_or_unknown_application_ids_are_404(owner_api, application_id, method, suffix):
    response = getattr(owner_api, method)(f"/applications/{application_id}{suffix}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_viewing_marks_it_viewed_and_lowers_new_applicant_count_once(owner_api, job):
    ada, _ = apply(job, "Ada"), apply(job, "Bob")
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 2
    response = owner_api.post(f"/applications/{ada.pk}/view")
    assert response.status_code == 200
    assert response.json()["viewed"] is True and response.json()["id"] == str(ada.pk)
    first_viewed_at = Application.objects.get(pk=ada.pk).viewed_at
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 1

    again = owner_api.post(f"/applications/{ada.pk}/view")
    assert again.status_code == 200 and again.json() == response.json()
    assert Application.objects.get(pk=ada.pk).viewed_at == first_viewed_at
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 1


def test_reading_an_application_does_not_mark_it_viewed(owner_api, job):
    ada = apply(job)
    owner_api.get(f"/applications/{ada.pk}")
    owner_api.get(f"/jobs/{job.pk}/applications")
    assert owner_api.get(f"/applications/{ada.pk}").json()["viewed"] is False
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 1


@pytest.mark.parametrize("action, status", [("accept", "ACCEPTED"), ("reject", "REJECTED")])
def test_deciding_a_pending_application_answers_it_and_moves_the_counts(owner_api, job, action, status):
    ada, _ = apply(job, "Ada"), apply(job, "Bob")
    response = owner_api.post(f"/applications/{ada.pk}/{action}")
    assert response.status_code == 200
    assert response.json()["status"] == status and response.json()["id"] == str(ada.pk)
    assert Application.objects.get(pk=ada.pk).status == status.lower()
    counts = owner_api.get(f"/jobs/{job.pk}").json()["applicationCounts"]
    assert counts == {"pending": 1, "accepted": int(status == "ACCEPTED"), "rejected": int(status == "REJECTED")}


@pytest.mark.parametrize(
    "first, second, stored",
    [
        ("accept", "accept", "accepted"),
        ("accept", "reject", "accepted"),
        ("reject", "reject", "rejected"),
        ("reject", "accept", "rejected"),
    ],
)
def test_deciding_an_application_that_is_not_pending_is_409_and_changes_nothing(owner_api, job, first, second, stored):
    ada = apply(job)
    assert owner_api.post(f"/applications/{ada.pk}/{first}").status_code == 200
    response = owner_api.post(f"/applications/{ada.pk}/{second}")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "INVALID_TRANSITION"
    assert stored.upper() in response.json()["error"]["message"]
    assert Application.objects.get(pk=ada.pk).status == stored
    counts = owner_api.get(f"/jobs/{job.pk}").json()["applicationCounts"]
    assert counts == {"pending": 0, "accepted": int(stored == "accepted"), "rejected": int(stored == "rejected")}


def test_deciding_does_not_mark_viewed_and_viewing_does_not_decide(owner_api, job):
    ada, bob = apply(job, "Ada"), apply(job, "Bob")
    assert owner_api.post(f"/applications/{ada.pk}/accept").json()["viewed"] is False
    assert owner_api.post(f"/applications/{bob.pk}/view").json()["status"] == "PENDING"


def test_a_body_sent_with_an_action_is_ignored(owner_api, job):
    ada = apply(job)
    response = owner_api.post(f"/applications/{ada.pk}/accept", {"status": "REJECTED"})
    assert response.status_code == 200 and response.json()["status"] == "ACCEPTED"


@pytest.mark.parametrize("method, suffix", [("get", "/accept"), ("get", "/view"), ("post", ""), ("patch", "")])
def test_a_method_the_path_does_not_serve_is_405(owner_api, job, method, suffix):
    ada = apply(job)
    response = getattr(owner_api, method)(f"/applications/{ada.pk}{suffix}")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize("method, path", [("get", "/applications/1"), ("post", "/applications/1/accept")])
def test_every_application_endpoint_requires_a_key(anonymous_api, method, path):
    response = getattr(anonymous_api, method)(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SERVICE_KEY"


def test_the_schema_documents_every_application_endpoint_and_its_errors(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    def responses(path, method):
        return set(schema["paths"]["/api/external/v1" + path][method]["responses"])

    assert {"200", "401", "404", "422", "429"} <= responses("/jobs/{job_id}/applications", "get")
    assert {"200", "401", "404"} <= responses("/applications/{application_id}", "get")
    assert {"200", "404"} <= responses("/applications/{application_id}/view", "post")
    assert {"200", "404", "409"} <= responses("/applications/{application_id}/accept", "post")
    assert {"200", "404", "409"} <= responses("/applications/{application_id}/reject", "post")
    components = schema["components"]["schemas"]
    assert components["ApplicationStatusEnum"]["enum"] == ["PENDING", "ACCEPTED", "REJECTED"]
    assert components["StatusEnum"]["enum"] == ["DRAFT", "ACTIVE", "PAUSED", "CLOSED", "EXPIRED"]
    assert list(components["Application"]["properties"]) == [
        "id",
        "jobId",
        "candidateName",
        "email",
        "answers",
        "metQualificationIds",
        "qualified",
        "status",
        "viewed",
        "createdAt",
        "charge",
    ]
    charge = components["ApplicationCharge"]
    assert list(charge["properties"]) == ["charged", "amountCents", "reason"]
    assert charge["properties"]["reason"]["nullable"] is True
