import pytest
import time_machine

from jobs.models import Job

pytestmark = pytest.mark.django_db


def test_it_publishes_a_complete_draft(owner_api, create_job):
    job = create_job()
    with time_machine.travel("2026-11-07T05:31:56Z", tick=False):
        response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ACTIVE"
    assert body["publishedAt"] == "2026-11-07T05:31:56Z"
    assert body["expiresAt"] == "2026-12-07T05:31:56Z"


def test_completeness_names_every_gap_at_once(owner_api):
    job = owner_api.post("/jobs", {"title": "Only a title"}).json()
    response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"
    assert set(response.json()["error"]["fields"]) == {
        "description",
        "remoteOption",
        "jobType",
        "jobLevel",
        "salaryMin",
        "salaryMax",
        "salaryPeriod",
        "bidPerQualifiedApplicantCents",
        "qualifications",
    }
    assert Job.objects.get(pk=job["id"]).status == "DRAFT"


def test_remote_needs_a_country_and_hybrid_a_location(owner_api, create_job):
    remote = create_job(remoteOption="REMOTE", remoteCountry=None, locations=[])
    assert set(owner_api.post(f"/jobs/{remote['id']}/publish").json()["error"]["fields"]) == {"remoteCountry"}
    hybrid = create_job(remoteOption="HYBRID", locations=[])
    assert set(owner_api.post(f"/jobs/{hybrid['id']}/publish").json()["error"]["fields"]) == {"locations"}
    ok = create_job(remoteOption="REMOTE", remoteCountry="United States", locations=[])
    assert owner_api.post(f"/jobs/{ok['id']}/publish").status_code == 200


def test_zero_bid_and_only_preferred_qualifications_block(owner_api, create_job):
    job = create_job(bidPerQualifiedApplicantCents=0, qualifications=[{"text": "x", "kind": "PREFERRED"}])
    fields = owner_api.post(f"/jobs/{job['id']}/publish").json()["error"]["fields"]
    assert set(fields) == {"bidPerQualifiedApplicantCents", "qualifications"}


def test_terms_gate_comes_after_completeness(owner_api, owner_company, create_job):
    owner_company.terms_version_accepted = "2000-01"
    owner_company.payment_card_last4 = ""
    owner_company.save()
    incomplete = owner_api.post("/jobs", {"title": "t"}).json()
    assert owner_api.post(f"/jobs/{incomplete['id']}/publish").status_code == 422
    job = create_job()
    response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "AGREEMENT_OUTDATED"


def test_payment_gate_comes_last(owner_api, owner_company, create_job):
    owner_company.payment_card_last4 = ""
    owner_company.save()
    job = create_job()
    response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "PAYMENT_METHOD_REQUIRED"
    assert Job.objects.get(pk=job["id"]).status == "DRAFT"


def test_publishing_twice_is_an_invalid_transition(owner_api, create_job):
    job = create_job(publish=True)
    response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "INVALID_TRANSITION"


def test_other_company_cannot_publish(other_api, create_job):
    job = create_job()
    assert other_api.post(f"/jobs/{job['id']}/publish").status_code == 404
    assert Job.objects.get(pk=job["id"]).status == "DRAFT"


def test_it_requires_a_key(anonymous_api, create_job):
    job = create_job()
    assert anonymous_api.post(f"/jobs/{job['id']}/publish").status_code == 401


def test_a_live_job_reports_the_transition_before_any_gate(owner_api, owner_company, create_job):
    job = create_job(publish=True)
    owner_company.terms_version_accepted = "1999-01"
    owner_company.save()
    response = owner_api.post(f"/jobs/{job['id']}/publish")
    assert response.status_code == 409 and response.json()["error"]["code"] == "INVALID_TRANSITION"
