"""Accepting or rejecting an application sends the candidate a short, kind note with the job title only when the
company turned it on for that job (a setting on the dashboard's job form, off by default); it is account mail, with
no unsubscribe header. Through a real SMTP server."""

import pytest
from django.urls import reverse

from jobs.models import Job
from jobs.services.applications import application_submit
from jobs.services.jobs import job_create
from tests.mailbox import text_of

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict]) -> dict:
    """An edit page's formset as the browser posts it back: every stored row is an initial form."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def edit_form(austin, **overrides):
    return {
        "title": "Backend Engineer",
        "description": "Build APIs.",
        "remote_option": "HYBRID",
        "job_type": "FULL_TIME",
        "job_level": "MID",
        "salary_min": "100000",
        "salary_max": "150000",
        "salary_period": "ANNUAL",
        "bid": "5.00",
        "locations": [str(austin.pk)],
        "budget-DAILY_amount": "100",
        **formset("qualifications", [{"text": "Python", "kind": "REQUIRED"}]),
        **formset("questions", []),
        **overrides,
    }


def apply(job, email):
    return application_submit(
        job_id=job.pk, candidate_name="Grace Hopper", email=email, answers={}, met_qualification_ids=[]
    )


@pytest.fixture
def job(owner_company, owner_staff, austin):
    data = {
        "title": "Backend Engineer",
        "description": "Build APIs.",
        "remote_option": "HYBRID",
        "job_type": "FULL_TIME",
        "job_level": "MID",
        "salary_min": 100000,
        "salary_max": 150000,
        "salary_period": "ANNUAL",
        "bid_per_qualified_applicant_cents": 500,
        "locations": [austin.pk],
        "qualifications": [{"text": "Python", "kind": "REQUIRED"}],
    }
    return job_create(company=owner_company, data=data, publish=True)


def decide(staff, application, status, commit_callbacks):
    with commit_callbacks(execute=True):
        response = staff.post(reverse("dashboard-application-decide", args=[application.pk]), {"status": status})
    assert response.status_code == 302


def test_by_default_the_candidate_is_not_told_of_a_decision(job, staff, mailbox, django_capture_on_commit_callbacks):
    application = apply(job, "grace@example.com")
    decide(staff, application, "rejected", django_capture_on_commit_callbacks)
    assert mailbox.to("grace@example.com") == []
    assert Job.objects.get(pk=job.pk).notify_candidate_of_decision is False


def test_turned_on_in_the_job_form_the_candidate_gets_a_kind_note_on_accept_and_on_reject(
    job, staff, austin, mailbox, django_capture_on_commit_callbacks
):
    edit = reverse("dashboard-job-edit", args=[job.pk])
    assert 'name="notify_candidate_of_decision"' in staff.get(edit).content.decode()
    response = staff.post(edit, edit_form(austin, notify_candidate_of_decision="on"))
    assert response.status_code == 302, response.content.decode()
    assert Job.objects.get(pk=job.pk).notify_candidate_of_decision is True
    accepted, rejected = apply(job, "grace@example.com"), apply(job, "alan@example.com")

    decide(staff, accepted, "accepted", django_capture_on_commit_callbacks)
    decide(staff, rejected, "rejected", django_capture_on_commit_callbacks)

    (good,) = mailbox.to("grace@example.com")
    assert good["Subject"] == "Your application for Backend Engineer: good news"
    assert "Owner Co would like to move forward with your application for Backend Engineer" in text_of(good)
    (sorry,) = mailbox.to("alan@example.com")
    assert sorry["Subject"] == "Your application for Backend Engineer"
    assert "decided not to move forward with your application" in text_of(sorry)
    assert good["List-Unsubscribe"] is None and sorry["List-Unsubscribe"] is None


def test_a_refused_second_decision_sends_nothing(job, staff, mailbox, django_capture_on_commit_callbacks):
    Job.objects.filter(pk=job.pk).update(notify_candidate_of_decision=True)
    application = apply(job, "grace@example.com")
    decide(staff, application, "accepted", django_capture_on_commit_callbacks)
    decide(staff, application, "rejected", django_capture_on_commit_callbacks)
    assert len(mailbox.to("grace@example.com")) == 1
