"""A second application from one address (client IP and User-Agent) to one company within 24 hours is delivered
and counted, but not charged: one machine posting made-up qualified applications cannot spend a budget."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jobs.models import Application, Job
from jobs.services.applications import application_submit

pytestmark = pytest.mark.django_db

SAME_ADDRESS = "same address as an earlier application to this company within 24 hours"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def apply_on_the_page(job_id, email, *, ip="203.0.113.7", user_agent=BROWSER) -> Application:
    job = Job.objects.get(pk=job_id)
    form = {
        "candidate_name": "Casey",
        "email": email,
        **{f"question_{q.pk}": q.options[0] for q in job.questions.all()},
        "qualifications": [str(q.pk) for q in job.qualifications.all()],
    }
    response = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent).post(f"/jobs/{job_id}/apply", form)
    assert response.status_code == 302, response.content.decode()
    return Application.objects.get(job_id=job_id, email=email)


def charge_json(api, application: Application) -> dict:
    return api.get(f"/applications/{application.pk}").json()["charge"]


def charged_json(cents: int) -> dict:
    return {"charged": True, "amountCents": cents, "reason": None}


@pytest.fixture
def two_jobs(create_job):
    return create_job(publish=True)["id"], create_job(publish=True, title="Frontend Engineer")["id"]


def test_a_second_application_from_the_same_address_to_the_company_is_delivered_and_counted_but_not_charged(
    owner_api, staff, two_jobs
):
    first_job, second_job = two_jobs
    first = apply_on_the_page(first_job, "casey@example.com")
    second = apply_on_the_page(second_job, "casey.again@example.com")
    assert charge_json(owner_api, first) == charged_json(500)
    assert charge_json(owner_api, second) == {"charged": False, "amountCents": 0, "reason": SAME_ADDRESS}
    assert second.charge.skipped and second.charge.skipped_reason == SAME_ADDRESS
    assert owner_api.get(f"/jobs/{second_job}").json()["applicationCounts"]["pending"] == 1
    page = staff.get(f"/dashboard/applications/{second.pk}/").content.decode()
    assert f'id="application-charge">Not charged: {SAME_ADDRESS}<' in page
    page = staff.get(f"/dashboard/applications/{first.pk}/").content.decode()
    assert 'id="application-charge">Charged $5.00<' in page


def test_the_same_address_applying_twice_to_one_job_under_two_emails_is_charged_once(owner_api, two_jobs):
    job, _ = two_jobs
    first = apply_on_the_page(job, "casey@example.com")
    second = apply_on_the_page(job, "someone.else@example.com")
    assert charge_json(owner_api, first) == charged_json(500)
    assert charge_json(owner_api, second)["reason"] == SAME_ADDRESS


def test_the_same_address_applying_to_another_company_is_charged_there(other_api, complete_job_body, two_jobs):
    mine, _ = two_jobs
    theirs = other_api.post("/jobs", {**complete_job_body, "publish": True}).json()["id"]
    apply_on_the_page(mine, "casey@example.com")
    elsewhere = apply_on_the_page(theirs, "casey@example.com")
    assert charge_json(other_api, elsewhere) == charged_json(500)


@pytest.mark.parametrize(
    "other_sender", [{"ip": "198.51.100.20"}, {"user_agent": "Mozilla/5.0 (Macintosh) Safari/605.1.15"}]
)
def test_another_ip_or_another_browser_is_another_address_and_is_charged(owner_api, two_jobs, other_sender):
    first_job, second_job = two_jobs
    apply_on_the_page(first_job, "casey@example.com")
    second = apply_on_the_page(second_job, "sam@example.com", **other_sender)
    assert charge_json(owner_api, second) == charged_json(500)


def test_the_same_address_is_charged_again_after_24_hours(owner_api, two_jobs, time_machine):
    first_job, second_job = two_jobs
    time_machine.move_to(timezone.now())
    apply_on_the_page(first_job, "casey@example.com")
    time_machine.move_to(timezone.now() + timedelta(hours=24, seconds=1))
    later = apply_on_the_page(second_job, "casey.again@example.com")
    assert charge_json(owner_api, later) == charged_json(500)


def test_only_a_keyed_hash_of_the_address_is_stored(two_jobs):
    job, _ = two_jobs
    application = apply_on_the_page(job, "casey@example.com")
    stored = Application.objects.filter(pk=application.pk).values().get()
    assert re.fullmatch(r"[0-9a-f]{64}", stored["source_hash"])
    for value in stored.values():
        assert "203.0.113.7" not in str(value) and "Firefox" not in str(value)


def test_applications_without_an_address_such_as_the_partner_apis_are_each_charged(owner_api, two_jobs):
    first_job, second_job = two_jobs
    applications = []
    for job_id, email in ((first_job, "a@example.com"), (second_job, "b@example.com")):
        python = Job.objects.get(pk=job_id).qualifications.get(text="Python")
        applications.append(
            application_submit(
                job_id=job_id, candidate_name="A", email=email, answers={}, met_qualification_ids=[python.pk]
            )
        )
    assert [charge_json(owner_api, a) for a in applications] == [charged_json(500), charged_json(500)]
