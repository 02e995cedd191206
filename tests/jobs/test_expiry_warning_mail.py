"""A job expiring within 3 days: its company's staff are told which job and what to do, once, through a real SMTP
server; the next beat runs do not repeat it, and another company's staff never hear of it."""

from datetime import timedelta

import pytest
import time_machine

from companies.models import NotificationKind
from companies.notifications.services import notification_preferences_save
from jobboard.celery import app
from jobboard.tasks import warn_expiring_jobs
from jobs.models import Job
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


def test_staff_are_warned_once_of_a_job_expiring_within_three_days_and_the_next_runs_repeat_nothing(
    create_job, owner_staff, rival_staff, mailbox, django_capture_on_commit_callbacks
):
    job = create_job(publish=True)
    create_job()  # a draft never expires
    expires_at = Job.objects.get(pk=job["id"]).expires_at

    with time_machine.travel(expires_at - timedelta(days=3, hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert warn_expiring_jobs() == 0  # not yet
    with time_machine.travel(expires_at - timedelta(days=2, hours=23), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert warn_expiring_jobs() == 1
            assert warn_expiring_jobs() == 0
    with time_machine.travel(expires_at - timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert warn_expiring_jobs() == 0

    (message,) = mailbox.messages
    assert message["To"] == "staff@owner.example"
    assert message["Subject"] == "Backend Engineer expires in less than 3 days"
    assert "post it again as a new job" in text_of(message)
    assert f"http://testserver/dashboard/jobs/{job['id']}/" in text_of(message)
    assert unsubscribe_path(message) is not None


def test_staff_who_turned_the_warning_off_get_nothing_and_the_job_is_not_warned_again_later(
    create_job, owner_staff, mailbox, django_capture_on_commit_callbacks
):
    notification_preferences_save(user_id=owner_staff.pk, choices={NotificationKind.JOB_EXPIRING: "off"})
    job = create_job(publish=True)
    expires_at = Job.objects.get(pk=job["id"]).expires_at
    with time_machine.travel(expires_at - timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert warn_expiring_jobs() == 1
    assert mailbox.messages == []


def test_the_beat_runs_the_expiry_warning():
    entry = app.conf.beat_schedule["warn-expiring-jobs"]
    assert entry["task"] == "jobboard.tasks.warn_expiring_jobs" and entry["task"] in app.tasks
    assert timedelta(seconds=entry["schedule"]) <= timedelta(hours=1)
    digests = app.conf.beat_schedule["send-application-digests"]
    assert digests["task"] in app.tasks
    # From 06:00 UTC, and every hour after it that day, so a beat down at 06:00 delays the digest, never loses it.
    assert digests["schedule"].hour == set(range(6, 24)) and digests["schedule"].minute == {0}
