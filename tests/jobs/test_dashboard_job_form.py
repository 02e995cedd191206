"""Creating and editing jobs in the dashboard: the partner API's rules, with errors beside the fields."""

import re

import pytest

from companies.services import company_set_blocked
from jobs.models import Job
from jobs.services.applications import application_submit
from jobs.services.jobs import job_close


def formset(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def job_post(austin):
    """A complete job as the dashboard form posts it."""

    def _post(**overrides):
        data = {
            "title": "Platform Engineer",
            "description": "Keep the lights on.",
            "remote_option": "HYBRID",
            "remote_country": "",
            "job_type": "FULL_TIME",
            "job_level": "SENIOR",
            "salary_min": "120000",
            "salary_max": "160000",
            "salary_period": "ANNUAL",
            "bid": "7.50",
            "locations": [str(austin.pk)],
            "budget-MONTHLY_amount": "300",
            "budget-MONTHLY_notes": "Q4",
            **formset(
                "qualifications", [{"text": "Kubernetes", "kind": "REQUIRED"}, {"text": "Go", "kind": "PREFERRED"}]
            ),
            **formset("questions", [{"prompt": "Notice period?", "options": "None\nOne month"}]),
        }
        data.update(overrides)
        return data

    return _post


def errors_on_page(response) -> str:
    return " ".join(re.findall(r'class="errorlist"[^>]*>(.*?)</ul>', response.content.decode(), re.S))


def test_saving_a_complete_draft_stores_every_field_in_the_api_shape(staff, owner_api, owner_company, job_post):
    response = staff.post("/dashboard/jobs/new/", job_post())
    job = Job.objects.get(company=owner_company)
    assert response.status_code == 302 and response["Location"] == f"/dashboard/jobs/{job.pk}/"
    body = owner_api.get(f"/jobs/{job.pk}").json()
    assert body["status"] == "DRAFT"
    assert body["bidPerQualifiedApplicantCents"] == 750
    assert [loc["city"] for loc in body["locations"]] == ["Austin"]
    assert [(q["text"], q["kind"]) for q in body["qualifications"]] == [("Kubernetes", "REQUIRED"), ("Go", "PREFERRED")]
    assert body["questions"][0]["options"] == ["None", "One month"]
    assert body["budgets"] == [{"window": "MONTHLY", "budgetCents": 30000, "notes": "Q4"}]


def test_missing_title_and_crossed_salary_are_shown_next_to_their_fields_and_nothing_is_stored(
    staff, owner_company, job_post
):
    response = staff.post("/dashboard/jobs/new/", job_post(title=""))
    assert response.status_code == 200
    assert "This field is required." in errors_on_page(response)
    response = staff.post("/dashboard/jobs/new/", job_post(salary_min="200000", salary_max="100000"))
    page = response.content.decode()
    assert re.search(r'id="field-salary_max".*?Must be greater than or equal to the minimum salary', page, re.S)
    assert not Job.objects.filter(company=owner_company).exists()


def test_an_unknown_location_or_remote_country_is_refused_with_the_api_rule(staff, owner_company, job_post):
    response = staff.post("/dashboard/jobs/new/", job_post(locations=["999999999"]))
    assert "Pick each location from the search suggestions." in response.content.decode()
    response = staff.post("/dashboard/jobs/new/", job_post(remote_option="REMOTE", remote_country="Atlantis"))
    assert "Select a valid choice" in errors_on_page(response)
    assert not Job.objects.filter(company=owner_company).exists()


def test_editing_a_live_job_cannot_leave_a_required_field_blank(staff, owner_company, create_job, job_post):
    job = create_job(publish=True)
    response = staff.post(f"/dashboard/jobs/{job['id']}/edit/", job_post(job_type=""))
    assert response.status_code == 200
    assert "Required to publish." in errors_on_page(response)
    assert Job.objects.get(pk=job["id"]).job_type == "FULL_TIME"


def test_a_frozen_job_shows_qualifications_locked_and_keeps_them_while_other_fields_save(staff, create_job, job_post):
    job = create_job(publish=True)
    stored = Job.objects.get(pk=job["id"])
    python = stored.qualifications.get(text="Python")
    application_submit(
        job_id=stored.pk, candidate_name="Ada", email="ada@x.example", answers={}, met_qualification_ids=[python.pk]
    )
    page = staff.get(f"/dashboard/jobs/{job['id']}/edit/").content.decode()
    assert "Locked: this job has applications" in page
    assert 'name="qualifications-0-text"' not in page
    response = staff.post(f"/dashboard/jobs/{job['id']}/edit/", job_post(title="Renamed", bid="9.00"))
    assert response.status_code == 302, errors_on_page(response) + response.content.decode()[-3000:]
    stored.refresh_from_db()
    assert (stored.title, stored.bid_per_qualified_applicant_cents) == ("Renamed", 900)
    assert list(stored.qualifications.values_list("text", flat=True)) == ["Python", "Go"]


def test_closed_jobs_cannot_be_edited(staff, owner_company, create_job, job_post):
    job = create_job(publish=True)
    job_close(company=owner_company, job_id=job["id"])
    response = staff.post(f"/dashboard/jobs/{job['id']}/edit/", job_post(title="Nope"), follow=True)
    assert "Closed and expired jobs cannot be edited." in response.content.decode()
    assert Job.objects.get(pk=job["id"]).title == "Backend Engineer"


def test_a_blocked_company_is_told_why_and_cannot_create(staff, owner_company, job_post):
    company_set_blocked(company=owner_company, blocked=True, admin_reason="Fake listings", actor=None)
    response = staff.post("/dashboard/jobs/new/", job_post())
    page = response.content.decode()
    assert "Your company is blocked" in page and "Fake listings" in page
    assert "cannot create, edit, publish or resume jobs" in page
    assert not Job.objects.filter(company=owner_company).exists()


def test_location_search_suggests_cities_to_tick(staff, locations):
    response = staff.get("/dashboard/jobs/locations/", {"location_q": "Austi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Austin, Texas, United States" in page and 'name="locations"' in page


def test_find_without_javascript_shows_suggestions_and_saves_nothing(staff, owner_company, job_post):
    response = staff.post("/dashboard/jobs/new/", job_post(find_locations="1", location_q="Denv"))
    assert "Denver, Colorado, United States" in response.content.decode()
    assert not Job.objects.filter(company=owner_company).exists()


def test_strange_location_input_is_refused_or_ignored_never_a_server_error(staff, owner_company, job_post):
    response = staff.post("/dashboard/jobs/new/", job_post(locations=["²"]))
    assert response.status_code == 200 and "Select a valid choice" in errors_on_page(response)
    assert staff.get("/dashboard/jobs/locations/", {"location_q": "Aus\x00tin"}).status_code == 200
    response = staff.post(
        "/dashboard/jobs/new/", job_post(find_locations="1", location_q="a\x00", location_country="x" * 500)
    )
    assert response.status_code == 200
    assert not Job.objects.filter(company=owner_company).exists()


def test_more_than_fifty_locations_are_refused_as_the_api_does(staff, owner_company, job_post, locations):
    from jobs.models import Location

    ids = [str(pk) for pk in Location.objects.values_list("pk", flat=True)[:51]]
    response = staff.post("/dashboard/jobs/new/", job_post(locations=ids))
    assert "At most 50 locations." in response.content.decode()
    assert not Job.objects.filter(company=owner_company).exists()
