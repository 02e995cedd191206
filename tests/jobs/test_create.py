import pytest

from jobs.models import Job

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_with_every_field(owner_api, owner_company, complete_job_body, austin):
    response = owner_api.post("/jobs", complete_job_body)
    assert response.status_code == 201
    job = response.json()
    assert job["status"] == "DRAFT"
    assert job["companyId"] == str(owner_company.pk)
    assert job["title"] == "Backend Engineer"
    assert job["locations"] == [
        {
            "locationId": austin.pk,
            "displayName": "Austin, Texas, United States",
            "city": "Austin",
            "stateProvince": "Texas",
            "country": "United States",
        }
    ]
    assert [(q["text"], q["kind"], q["order"]) for q in job["qualifications"]] == [
        ("Python", "REQUIRED", 0),
        ("Go", "PREFERRED", 1),
    ]
    assert job["questions"][0]["options"] == ["Now", "Later"]
    assert job["budgets"] == [{"window": "DAILY", "budgetCents": 10000, "notes": ""}]
    assert job["applicationCounts"] == {"pending": 0, "accepted": 0, "rejected": 0}
    assert job["isFrozen"] is False and job["newApplicantCount"] == 0
    assert job["publishedAt"] is None and job["expiresAt"] is None and job["closedAt"] is None
    assert Job.objects.get(pk=job["id"]).company == owner_company


def test_it_requires_a_title(owner_api):
    response = owner_api.post("/jobs", {"description": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert "title" in response.json()["error"]["fields"]
    assert not Job.objects.exists()


def test_it_creates_a_minimal_draft(owner_api):
    response = owner_api.post("/jobs", {"title": "Just a title"})
    assert response.status_code == 201
    assert response.json()["qualifications"] == [] and response.json()["remoteOption"] is None


def test_kind_defaults_to_required(owner_api):
    job = owner_api.post("/jobs", {"title": "t", "qualifications": [{"text": "SQL"}]}).json()
    assert job["qualifications"][0]["kind"] == "REQUIRED"


def test_duplicate_locations_collapse(owner_api, austin):
    job = owner_api.post(
        "/jobs", {"title": "t", "locations": [{"locationId": austin.pk}, {"locationId": austin.pk}]}
    ).json()
    assert len(job["locations"]) == 1


def test_a_search_result_can_be_sent_back_as_is(owner_api):
    found = owner_api.get("/locations/search", q="Denver").json()["items"][0]
    job = owner_api.post("/jobs", {"title": "t", "locations": [found]}).json()
    assert job["locations"] == [found]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"locations": [{"city": "Austin"}]}, "locations[0].locationId"),
        ({"locations": [{"locationId": 999999999}]}, "locations[0].locationId"),
        ({"locations": [{"locationId": "4671654"}]}, "locations[0].locationId"),
        ({"locations": "Austin"}, "locations"),
        ({"qualifications": [{"text": "ok"}, {"text": ""}]}, "qualifications[1].text"),
        ({"qualifications": [{"text": "ok", "kind": "NICE"}]}, "qualifications[0].kind"),
        ({"questions": [{"prompt": "p", "options": "yes,no"}]}, "questions[0].options"),
        ({"budgets": [{"window": "YEARLY", "budgetCents": 1}]}, "budgets[0].window"),
        ({"budgets": [{"window": "DAILY", "budgetCents": -1}]}, "budgets[0].budgetCents"),
        ({"budgets": [{"window": "DAILY", "budgetCents": 1.5}]}, "budgets[0].budgetCents"),
        (
            {"budgets": [{"window": "DAILY", "budgetCents": 1}, {"window": "DAILY", "budgetCents": 2}]},
            "budgets[1].window",
        ),
        ({"salaryMin": "100"}, "salaryMin"),
        ({"salaryMin": -1}, "salaryMin"),
        ({"salaryMin": True}, "salaryMin"),
        ({"salaryMin": 10, "salaryMax": 5}, "salaryMax"),
        ({"remoteOption": "ANYWHERE"}, "remoteOption"),
        ({"remoteCountry": "US"}, "remoteCountry"),
        ({"jobType": "GIG"}, "jobType"),
        ({"jobLevel": 3}, "jobLevel"),
        ({"salaryPeriod": "WEEKLY"}, "salaryPeriod"),
        ({"bidPerQualifiedApplicantCents": "500"}, "bidPerQualifiedApplicantCents"),
        ({"description": 42}, "description"),
        ({"publish": "yes"}, "publish"),
    ],
)
def test_it_rejects_bad_input_naming_the_field(owner_api, body, field):
    response = owner_api.post("/jobs", {"title": "t", **body})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert field in response.json()["error"]["fields"], response.json()
    assert not Job.objects.exists()


def test_pick_location_message(owner_api):
    response = owner_api.post("/jobs", {"title": "t", "locations": [{"displayName": "Austin, Texas, United States"}]})
    assert (
        response.json()["error"]["fields"]["locations[0].locationId"]
        == "Pick each location from the search suggestions."
    )


def test_unknown_keys_are_ignored(owner_api):
    response = owner_api.post("/jobs", {"title": "t", "colour": "blue", "status": "ACTIVE"})
    assert response.status_code == 201
    assert response.json()["status"] == "DRAFT"


def test_malformed_json_is_422(owner_api):
    response = owner_api.post("/jobs", raw='{"title": ')
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert response.json()["error"]["fields"]
    assert not Job.objects.exists()


def test_a_non_object_body_is_422(owner_api):
    response = owner_api.post("/jobs", raw="[1, 2]")
    assert response.status_code == 422
    assert response.json()["error"]["fields"]


def test_create_and_publish_is_atomic(owner_api, complete_job_body):
    response = owner_api.post("/jobs", {**complete_job_body, "publish": True})
    assert response.status_code == 201
    assert response.json()["status"] == "ACTIVE"
    assert response.json()["publishedAt"] is not None


def test_create_and_publish_creates_nothing_when_a_gate_fails(owner_api, complete_job_body):
    response = owner_api.post("/jobs", {**complete_job_body, "jobLevel": None, "publish": True})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"jobLevel": "Required to publish."}
    assert not Job.objects.exists()


def test_create_and_publish_without_terms_creates_nothing(owner_api, owner_company, complete_job_body):
    owner_company.terms_version_accepted = ""
    owner_company.save()
    response = owner_api.post("/jobs", {**complete_job_body, "publish": True})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "AGREEMENT_OUTDATED"
    assert not Job.objects.exists()


def test_it_requires_a_key(anonymous_api, complete_job_body):
    response = anonymous_api.post("/jobs", complete_job_body)
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "INVALID_SERVICE_KEY", "message": "Invalid service key."}}
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"title": "a\x00"},
        {"title": "t", "questions": [{"prompt": "p", "options": ["\x00"]}]},
        {"title": "t", "budgets": [{"window": "DAILY", "budgetCents": 1, "notes": "\x00"}]},
    ],
)
def test_nul_characters_are_422_not_500(owner_api, body):
    response = owner_api.post("/jobs", body)
    assert response.status_code == 422
    assert not Job.objects.exists()
