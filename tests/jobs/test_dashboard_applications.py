"""Applications in the dashboard: new first, filters, opening marks viewed, accept/reject, CSV export."""

import csv
import io
import re

import pytest

from jobs.models import Application, Job
from jobs.services.applications import application_submit


@pytest.fixture
def job_with_applicants(create_job):
    job = Job.objects.get(pk=create_job(publish=True)["id"])
    python, go = job.qualifications.order_by("order")
    question = job.questions.get()
    ada = application_submit(
        job_id=job.pk,
        candidate_name="Ada",
        email="ada@x.example",
        answers={str(question.pk): "Now"},
        met_qualification_ids=[python.pk],
    )
    bob = application_submit(
        job_id=job.pk,
        candidate_name='=HYPERLINK("x")',
        email="bob@x.example",
        answers={str(question.pk): "Later"},
        met_qualification_ids=[go.pk],
    )
    return job, ada, bob


def test_opening_an_application_marks_it_viewed_in_the_api_too(staff, owner_api, job_with_applicants):
    job, ada, _ = job_with_applicants
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 2
    page = staff.get(f"/dashboard/applications/{ada.pk}/").content.decode()
    assert re.search(r">Meets</span>: Python", page) and re.search(r">Does not meet</span>: Go", page)
    assert "Start date?" in page and "Now" in page
    assert owner_api.get(f"/jobs/{job.pk}").json()["newApplicantCount"] == 1


def test_accept_and_reject_change_the_status_shown_and_counted(staff, owner_api, job_with_applicants):
    job, ada, bob = job_with_applicants
    response = staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "accepted"}, follow=True)
    assert 'id="application-status">Accepted<' in response.content.decode()
    staff.post(f"/dashboard/applications/{bob.pk}/decide/", {"status": "rejected"})
    assert owner_api.get(f"/jobs/{job.pk}").json()["applicationCounts"] == {"pending": 0, "accepted": 1, "rejected": 1}


def test_an_unknown_decision_changes_nothing(staff, job_with_applicants):
    _, ada, _ = job_with_applicants
    staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "hired"})
    assert Application.objects.get(pk=ada.pk).status == "pending"


def test_lists_show_new_first_and_filter_by_qualified_and_seen(staff, job_with_applicants):
    job, ada, bob = job_with_applicants
    staff.get(f"/dashboard/applications/{bob.pk}/")  # seen now
    page = staff.get("/dashboard/applications/").content.decode()
    assert page.index("Ada") < page.index("HYPERLINK")
    page = staff.get(f"/dashboard/jobs/{job.pk}/applications/", {"qualified": "true"}).content.decode()
    assert "Ada" in page and "HYPERLINK" not in page
    page = staff.get("/dashboard/applications/", {"viewed": "seen"}).content.decode()
    assert "HYPERLINK" in page and ">Ada<" not in page


def test_csv_export_has_one_row_per_application_with_answers_and_defused_formulas(staff, job_with_applicants):
    job, _, _ = job_with_applicants
    response = staff.get(f"/dashboard/jobs/{job.pk}/applications.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["name", "email", "status", "qualified"]
    assert "answer: Start date?" in rows[0]
    assert [r[0] for r in rows[1:]] == ["Ada", '\'=HYPERLINK("x")']
    assert rows[1][3] == "yes" and rows[2][3] == "no"


def test_a_decided_application_must_go_back_to_pending_before_the_other_decision(staff, job_with_applicants):
    _, ada, _ = job_with_applicants
    staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "accepted"})
    response = staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "rejected"}, follow=True)
    assert "Cannot reject an application that is ACCEPTED." in response.content.decode()
    assert Application.objects.get(pk=ada.pk).status == "accepted"
    staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "pending"})
    staff.post(f"/dashboard/applications/{ada.pk}/decide/", {"status": "rejected"})
    assert Application.objects.get(pk=ada.pk).status == "rejected"
