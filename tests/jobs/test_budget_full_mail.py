"""A budget window fills: the job's company staff are told which job and what to do, once per job, window and
period, through a real SMTP server; later applications in the same window send nothing more."""

import itertools

import pytest

from jobs.models import Job
from jobs.services.applications import application_submit
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db

_emails = itertools.count()


def apply_qualified(job):
    stored = Job.objects.get(pk=job["id"])
    return application_submit(
        job_id=job["id"],
        candidate_name="Casey",
        email=f"casey{next(_emails)}@example.com",
        answers={str(q.pk): "Now" for q in stored.questions.all()},
        met_qualification_ids=[q.pk for q in stored.qualifications.all()],
    )


def test_the_application_that_fills_a_window_tells_the_staff_once(
    create_job, owner_staff, rival_staff, mailbox, django_capture_on_commit_callbacks
):
    # A daily budget of $10 with a bid of $5: the second qualified application fills it.
    job = create_job(publish=True, budgets=[{"window": "DAILY", "budgetCents": 1000}])
    with django_capture_on_commit_callbacks(execute=True):
        apply_qualified(job)
    assert [m["Subject"] for m in mailbox.to("staff@owner.example") if "Budget" in m["Subject"]] == []

    with django_capture_on_commit_callbacks(execute=True):
        apply_qualified(job)
        apply_qualified(job)  # not billed: the window is full already

    budget = [m for m in mailbox.messages if m["Subject"].startswith("Budget used up")]
    (message,) = budget
    assert message["To"] == "staff@owner.example"
    assert message["Subject"] == "Budget used up: Backend Engineer is off the board"
    text = text_of(message)
    assert "The daily budget of Backend Engineer is used up" in text
    assert "until the budget starts over on" in text and "http://testserver/dashboard/budgets/" in text
    assert unsubscribe_path(message) is not None
