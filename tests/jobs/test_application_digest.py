"""The daily digest: each staff member who chose it for new applications gets one mail a day listing their company's
applications of the previous UTC day, through a real SMTP server; a second run that day sends nothing more, a day
without applications sends nothing, and another company's applications are never in it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from companies.models import NotificationKind
from companies.notifications.services import notification_preferences_save
from jobboard.tasks import send_application_digests
from jobs.services.applications import application_submit
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


def apply(job, name, email):
    return application_submit(
        job_id=job["id"],
        candidate_name=name,
        email=email,
        answers={str(q["id"]): "Now" for q in job["questions"]},
        met_qualification_ids=[int(q["id"]) for q in job["qualifications"] if q["text"] == "Python"],
    )


@pytest.fixture
def daily(owner_staff):
    notification_preferences_save(user_id=owner_staff.pk, choices={NotificationKind.NEW_APPLICATION: "daily"})
    return owner_staff


def next_morning():
    return (timezone.now() + timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)


def test_staff_who_chose_daily_get_one_digest_of_yesterdays_applications_and_a_second_run_sends_nothing(
    create_job, other_api, complete_job_body, daily, mailbox, django_capture_on_commit_callbacks
):
    job = create_job(publish=True)
    rival_job = other_api.post("/jobs", {**complete_job_body, "title": "Rival Role", "publish": True}).json()
    ada = apply(job, "Ada Lovelace", "ada@example.com")
    apply(job, "Alan Turing", "alan@example.com")
    apply(rival_job, "Rival Candidate", "rc@example.com")
    mailbox.messages.clear()  # the candidates' receipts

    with time_machine.travel(next_morning(), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_application_digests() == 1
        assert send_application_digests() == 0

    (digest,) = mailbox.messages
    assert digest["To"] == "staff@owner.example"
    assert digest["Subject"] == "2 new applications to Owner Co's jobs"
    text = text_of(digest)
    assert "Ada Lovelace applied to Backend Engineer. Qualifications met: Python." in text
    assert "Alan Turing applied to Backend Engineer." in text
    assert f"http://testserver/dashboard/applications/{ada.pk}/" in text
    assert "Rival" not in text
    assert unsubscribe_path(digest) is not None


def test_no_applications_yesterday_means_no_digest(create_job, daily, mailbox, django_capture_on_commit_callbacks):
    job = create_job(publish=True)
    apply(job, "Ada Lovelace", "ada@example.com")
    mailbox.messages.clear()
    with time_machine.travel(next_morning() + timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_application_digests() == 0
    assert mailbox.messages == []


def test_staff_on_instant_or_off_get_no_digest(create_job, owner_staff, mailbox, django_capture_on_commit_callbacks):
    job = create_job(publish=True)
    apply(job, "Ada Lovelace", "ada@example.com")
    mailbox.messages.clear()
    with time_machine.travel(next_morning(), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_application_digests() == 0
    assert mailbox.messages == []
