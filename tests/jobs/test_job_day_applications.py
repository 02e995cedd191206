"""A job's day counts its applications and qualified ones on the day applied, decisions on the day taken, and the
billed charges of the day (a refund takes its charge off the charge's day)."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model

from jobs.models import Job, JobDay
from jobs.services import applications as application_services

pytestmark = pytest.mark.django_db

DAY_ONE = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
DAY_TWO = DAY_ONE + timedelta(hours=1)  # just past midnight UTC
_candidates = itertools.count()


def submit(job_id, *, met: bool, now: datetime):
    job = Job.objects.get(pk=job_id)
    return application_services.application_submit(
        job_id=job_id,
        candidate_name="Casey",
        email=f"casey{next(_candidates)}@example.com",
        answers={},
        met_qualification_ids=[q.pk for q in job.qualifications.all()] if met else [],
        now=now,
    )


def days(job_id) -> dict:
    rows = JobDay.objects.filter(job_id=job_id).order_by("day")
    fields = ("applications", "qualified_applications", "accepted", "rejected", "spend_cents")
    return {row.day.isoformat(): tuple(getattr(row, name) for name in fields) for row in rows}


@pytest.fixture
def job_id(create_job):
    with time_machine.travel(DAY_ONE - timedelta(hours=1), tick=False):
        return create_job(publish=True, bidPerQualifiedApplicantCents=500)["id"]


def test_applications_and_qualified_ones_and_their_charges_count_on_the_day_applied(job_id):
    with time_machine.travel(DAY_ONE, tick=False):
        submit(job_id, met=True, now=DAY_ONE)
        submit(job_id, met=False, now=DAY_ONE)
    with time_machine.travel(DAY_TWO, tick=False):
        submit(job_id, met=True, now=DAY_TWO)

    assert days(job_id) == {"2026-03-02": (2, 1, 0, 0, 500), "2026-03-03": (1, 1, 0, 0, 500)}


def test_accepted_and_rejected_count_on_the_day_of_the_decision(job_id):
    with time_machine.travel(DAY_ONE, tick=False):
        first = submit(job_id, met=False, now=DAY_ONE)
        second = submit(job_id, met=False, now=DAY_ONE)
    application_services.application_decide(application=first, status="accepted", now=DAY_TWO)
    application_services.application_decide(application=second, status="rejected", now=DAY_TWO)

    assert days(job_id) == {"2026-03-02": (2, 0, 0, 0, 0), "2026-03-03": (0, 0, 1, 1, 0)}


def test_a_refunded_charge_leaves_the_spend_of_its_day(job_id, owner_staff):
    with time_machine.travel(DAY_ONE, tick=False):
        application = submit(job_id, met=True, now=DAY_ONE)
    actor = get_user_model().objects.get(pk=owner_staff.pk)

    application_services.application_mark_spam(application=application, actor=actor, now=DAY_TWO)

    assert days(job_id) == {"2026-03-02": (1, 1, 0, 0, 0)}
