"""Spam marking and same-address billing under real parallel requests on PostgreSQL."""

import itertools
from functools import partial

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from companies.models import ModerationRecord
from companies.services import company_create, company_user_create, partner_key_issue
from jobs.models import Application, Charge, Job
from jobs.services.applications import application_submit
from tests.helpers import PartnerClient
from tests.helpers import run_in_parallel as race

pytestmark = pytest.mark.django_db(transaction=True)

SAME_ADDRESS = "same address as an earlier application to this company within 24 hours"
_candidates = itertools.count()


@pytest.fixture
def company():
    return company_create(name="Racer", accept_terms=True, payment_method=True)


@pytest.fixture
def api(company):
    return PartnerClient(partner_key_issue(company=company).raw)


@pytest.fixture
def staff_user(company):
    return company_user_create(email="staff@racer.example", password="pw-racer-123", company=company)


def staff_browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def publish(api, body, **overrides) -> Job:
    return Job.objects.get(pk=api.post("/jobs", {**body, **overrides, "publish": True}).json()["id"])


def apply_qualified(job: Job) -> Application:
    python = job.qualifications.get(text="Python")
    email = f"ada{next(_candidates)}@candidates.example"
    return application_submit(
        job_id=job.pk, candidate_name="Ada", email=email, answers={}, met_qualification_ids=[python.pk]
    )


def billed_cents(job: Job) -> int:
    return Charge.objects.billed().filter(job=job).aggregate(total=Sum("amount_cents"))["total"] or 0


def test_racing_spam_marks_of_one_application_refund_it_once_and_record_it_once(api, staff_user, complete_job_body):
    job = publish(api, complete_job_body, budgets=[{"window": "DAILY", "budgetCents": 1000}])
    kept, spam = apply_qualified(job), apply_qualified(job)
    url = f"/dashboard/applications/{spam.pk}/spam/"
    browsers = [staff_browser(staff_user) for _ in range(4)]
    responses = race([partial(browser.post, url, {"confirm": "yes"}) for browser in browsers])
    assert [r.status_code for r in responses] == [302] * 4
    assert ModerationRecord.objects.filter(action="application_mark_spam", target_id=str(spam.pk)).count() == 1
    assert Charge.objects.filter(application=spam, refunded_at__isnull=False).count() == 1
    assert billed_cents(job) == 500
    assert api.get(f"/applications/{kept.pk}").json()["charge"]["charged"] is True
    assert Client().get(f"/jobs/{job.pk}").status_code == 200


def test_a_refund_racing_a_new_application_never_bills_past_the_cap_and_leaves_the_job_listed_rightly(
    api, staff_user, complete_job_body
):
    for _ in range(3):
        job = publish(api, complete_job_body, budgets=[{"window": "DAILY", "budgetCents": 1000}])
        _, spam = apply_qualified(job), apply_qualified(job)
        browser = staff_browser(staff_user)
        marked, _ = race(
            [
                partial(browser.post, f"/dashboard/applications/{spam.pk}/spam/", {"confirm": "yes"}),
                partial(apply_qualified, job),
            ]
        )
        assert marked.status_code == 302
        assert billed_cents(job) <= 1000
        now = timezone.now()
        listed = Job.objects.publicly_visible(now=now).filter(pk=job.pk).exists()
        full = Job.objects.filter(pk=job.pk).filter(Job.objects.budget_exhausted(now=now)).exists()
        assert listed is not full


def test_racing_applications_from_one_address_to_two_jobs_of_a_company_are_charged_once(api, complete_job_body):
    for round in range(3):
        jobs = [publish(api, complete_job_body), publish(api, complete_job_body, title="Frontend Engineer")]

        def post(job: Job, email: str, ip: str):
            form = {
                "candidate_name": "Casey",
                "email": email,
                **{f"question_{q.pk}": q.options[0] for q in job.questions.all()},
                "qualifications": [str(q.pk) for q in job.qualifications.all()],
            }
            return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="Racer/1.0").post(f"/jobs/{job.pk}/apply", form)

        emails = [f"casey{next(_candidates)}@example.com" for _ in jobs]
        # A new address each round: the last round's applications would make both of this round's repeats.
        ip = f"203.0.113.{round}"
        responses = race([partial(post, job, email, ip) for job, email in zip(jobs, emails, strict=True)])
        assert [r.status_code for r in responses] == [302, 302]
        charges = Charge.objects.filter(application__email__in=emails)
        assert sorted(charges.values_list("skipped", flat=True)) == [False, True]
        assert charges.get(skipped=True).skipped_reason == SAME_ADDRESS
