from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from jobs.models import Job
from jobs.services import applications as services

pytestmark = pytest.mark.django_db


def apply(job_id, met_all=True):
    job = Job.objects.get(pk=job_id)
    quals = list(job.qualifications.all())
    return services.application_submit(
        job_id=job_id,
        candidate_name="Cand",
        email="c@example.com",
        answers={},
        met_qualification_ids=[q.pk for q in quals] if met_all else [],
    )


def test_it_updates_only_sent_fields(owner_api, create_job):
    job = create_job()
    response = owner_api.patch(f"/jobs/{job['id']}", {"title": "New title"})
    assert response.status_code == 200
    updated = response.json()
    assert updated["title"] == "New title"
    assert updated["description"] == job["description"]
    assert updated["qualifications"] == job["qualifications"]


def test_arrays_are_replace_sets_and_retries_converge(owner_api, create_job):
    job = create_job()
    body = {"qualifications": [{"text": "Rust", "kind": "REQUIRED"}], "budgets": []}
    first = owner_api.patch(f"/jobs/{job['id']}", body).json()
    second = owner_api.patch(f"/jobs/{job['id']}", body).json()
    assert [q["text"] for q in second["qualifications"]] == ["Rust"]
    assert second["budgets"] == [] and first["budgets"] == []


def test_empty_array_clears(owner_api, create_job):
    job = create_job()
    assert owner_api.patch(f"/jobs/{job['id']}", {"locations": []}).json()["locations"] == []


def test_null_clears_a_nullable_field(owner_api, create_job):
    job = create_job()
    assert owner_api.patch(f"/jobs/{job['id']}", {"jobLevel": None}).json()["jobLevel"] is None


def test_salary_range_checks_against_stored_values(owner_api, create_job):
    job = create_job()  # salaryMin 100000
    response = owner_api.patch(f"/jobs/{job['id']}", {"salaryMax": 5})
    assert response.status_code == 422
    assert "salaryMax" in response.json()["error"]["fields"]


def test_bad_input_changes_nothing(owner_api, create_job):
    job = create_job()
    response = owner_api.patch(f"/jobs/{job['id']}", {"title": "Changed", "qualifications": [{"text": ""}]})
    assert response.status_code == 422
    assert owner_api.get(f"/jobs/{job['id']}").json() == job


def test_live_edit_leaving_a_required_field_blank_is_rejected_whole(owner_api, create_job):
    job = create_job(publish=True)
    response = owner_api.patch(f"/jobs/{job['id']}", {"title": "Renamed", "description": "", "qualifications": []})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"description", "qualifications"}
    after = owner_api.get(f"/jobs/{job['id']}").json()
    assert after["title"] == job["title"] and after["qualifications"] == job["qualifications"]


def test_draft_edit_may_stay_incomplete(owner_api, create_job):
    job = create_job()
    assert owner_api.patch(f"/jobs/{job['id']}", {"description": ""}).status_code == 200


@pytest.mark.parametrize("action", ["close"])
def test_closed_job_is_not_editable(owner_api, create_job, action):
    job = create_job(publish=True)
    owner_api.post(f"/jobs/{job['id']}/{action}")
    response = owner_api.patch(f"/jobs/{job['id']}", {"title": "x"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "JOB_NOT_EDITABLE"


def test_expired_job_is_not_editable_before_the_sweep(owner_api, create_job):
    job = create_job(publish=True)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = owner_api.patch(f"/jobs/{job['id']}", {"title": "x"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "JOB_NOT_EDITABLE"


def test_frozen_job_refuses_qualification_and_question_changes(owner_api, create_job):
    job = create_job(publish=True)
    apply(job["id"])
    fetched = owner_api.get(f"/jobs/{job['id']}").json()
    assert fetched["isFrozen"] is True
    for body in ({"qualifications": [{"text": "New", "kind": "REQUIRED"}]}, {"questions": []}):
        response = owner_api.patch(f"/jobs/{job['id']}", body)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "JOB_FROZEN"
    assert owner_api.get(f"/jobs/{job['id']}").json()["qualifications"] == job["qualifications"]


def test_frozen_job_accepts_the_same_set_and_other_fields(owner_api, create_job):
    job = create_job(publish=True)
    apply(job["id"])
    same = {
        "qualifications": [{"text": q["text"], "kind": q["kind"], "order": q["order"]} for q in job["qualifications"]],
        "questions": [{"prompt": q["prompt"], "order": q["order"], "options": q["options"]} for q in job["questions"]],
        "bidPerQualifiedApplicantCents": 900,
        "budgets": [{"window": "WEEKLY", "budgetCents": 100}],
    }
    response = owner_api.patch(f"/jobs/{job['id']}", same)
    assert response.status_code == 200, response.json()
    assert response.json()["bidPerQualifiedApplicantCents"] == 900


def test_other_company_gets_404_and_nothing_changes(other_api, owner_api, create_job):
    job = create_job()
    response = other_api.patch(f"/jobs/{job['id']}", {"title": "Hijacked"})
    assert response.status_code == 404
    assert owner_api.get(f"/jobs/{job['id']}").json()["title"] == job["title"]


def test_it_requires_a_key(anonymous_api, create_job):
    assert anonymous_api.patch(f"/jobs/{create_job()['id']}", {"title": "x"}).status_code == 401


def test_frozen_job_accepts_the_same_set_listed_in_another_order(owner_api, create_job):
    job = create_job(publish=True)
    apply(job["id"])
    reordered = [{"text": q["text"], "kind": q["kind"], "order": q["order"]} for q in reversed(job["qualifications"])]
    assert owner_api.patch(f"/jobs/{job['id']}", {"qualifications": reordered}).status_code == 200
    swapped = [{"text": q["text"], "kind": q["kind"], "order": 1 - q["order"]} for q in job["qualifications"]]
    response = owner_api.patch(f"/jobs/{job['id']}", {"qualifications": swapped})
    assert response.status_code == 409 and response.json()["error"]["code"] == "JOB_FROZEN"
