"""Limits on applying, which bills the company: one application per email and job, and a per-IP cap on the
apply form's POSTs."""

import re
import uuid
from functools import partial

import pytest
from django.test import Client

from jobs import exceptions
from jobs.models import Application, Charge, Job
from jobs.services import applications as services
from jobs.views import APPLY_POSTS_PER_IP
from tests.helpers import run_in_parallel

ALREADY_APPLIED = "You have already applied to this job with this email address."


def unique_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def form_for(job_id, email, name="Casey") -> dict:
    job = Job.objects.get(pk=job_id)
    return {
        "candidate_name": name,
        "email": email,
        **{f"question_{q.pk}": q.options[0] for q in job.questions.all()},
        "qualifications": [str(q.pk) for q in job.qualifications.all()],
    }


def apply_on_the_page(job_id, email, ip=None):
    client = Client(REMOTE_ADDR=ip or unique_ip())
    return client.post(f"/jobs/{job_id}/apply", form_for(job_id, email))


def email_field_errors(content: str) -> str:
    """The error list rendered inside the email field's block."""
    block = re.search(r'<div class="field field-error" id="field-email">(.*?)</div>', content, re.S)
    return block.group(1) if block else ""


@pytest.mark.django_db
@pytest.mark.parametrize("second_email", ["casey@example.com", "CASEY@Example.COM"])
def test_a_second_application_with_the_same_email_is_refused_beside_the_email_field(create_job, second_email):
    job = create_job(publish=True)
    assert apply_on_the_page(job["id"], "casey@example.com").status_code == 302
    response = apply_on_the_page(job["id"], second_email)
    assert response.status_code == 200
    assert ALREADY_APPLIED in email_field_errors(response.content.decode())
    assert Application.objects.filter(job_id=job["id"]).count() == 1
    assert Charge.objects.filter(job_id=job["id"]).count() == 1


@pytest.mark.django_db
def test_the_same_email_may_apply_to_different_jobs(create_job):
    first, second = create_job(publish=True), create_job(publish=True, title="Frontend Engineer")
    assert apply_on_the_page(first["id"], "casey@example.com").status_code == 302
    assert apply_on_the_page(second["id"], "casey@example.com").status_code == 302
    assert Application.objects.filter(email="casey@example.com").count() == 2
    assert Charge.objects.count() == 2


def submit(job_id, email):
    return services.application_submit(
        job_id=job_id, candidate_name="Casey", email=email, answers={}, met_qualification_ids=[]
    )


@pytest.mark.django_db
def test_the_service_refuses_a_second_application_by_the_same_email_in_any_case(create_job):
    job = create_job(publish=True)
    submit(job["id"], "Casey@Example.com")
    with pytest.raises(exceptions.AlreadyApplied) as refused:
        submit(job["id"], "casey@EXAMPLE.COM")
    assert refused.value.fields == {"email": ALREADY_APPLIED}
    assert Application.objects.count() == 1


def submit_or_refusal(job_id, email):
    try:
        return submit(job_id, email)
    except exceptions.AlreadyApplied as refusal:
        return refusal


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_with_one_email_store_one_application(create_job):
    job = create_job(publish=True)
    for attempt in range(3):
        email = f"racer{attempt}@example.com"
        results = run_in_parallel([partial(submit_or_refusal, job["id"], email)] * 2)
        assert sorted(type(result).__name__ for result in results) == ["AlreadyApplied", "Application"]
        assert Application.objects.filter(email=email).count() == 1


@pytest.mark.django_db
def test_the_apply_form_answers_429_after_the_per_ip_limit_and_other_ips_still_apply(create_job):
    job = create_job(publish=True)
    ip = unique_ip()
    for n in range(APPLY_POSTS_PER_IP):
        assert apply_on_the_page(job["id"], f"candidate{n}@example.com", ip=ip).status_code == 302
    response = apply_on_the_page(job["id"], "one-more@example.com", ip=ip)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 10 * 60
    content = response.content.decode()
    assert "Please wait a few minutes" in content and "try again in 10 minutes" in content
    assert "<form" not in content
    assert not Application.objects.filter(email="one-more@example.com").exists()
    assert apply_on_the_page(job["id"], "one-more@example.com").status_code == 302


@pytest.mark.django_db
def test_refused_and_invalid_posts_count_towards_the_per_ip_limit(create_job):
    job = create_job(publish=True)
    ip = unique_ip()
    client = Client(REMOTE_ADDR=ip)
    statuses = [
        client.post(f"/jobs/{job['id']}/apply", {"candidate_name": "", "email": "nope"}).status_code
        for _ in range(APPLY_POSTS_PER_IP + 1)
    ]
    assert statuses == [200] * APPLY_POSTS_PER_IP + [429]


@pytest.mark.django_db
def test_the_per_ip_limit_is_per_job(create_job):
    job, other = create_job(publish=True), create_job(publish=True, title="Frontend Engineer")
    ip = unique_ip()
    for n in range(APPLY_POSTS_PER_IP):
        apply_on_the_page(job["id"], f"candidate{n}@example.com", ip=ip)
    assert apply_on_the_page(job["id"], "late@example.com", ip=ip).status_code == 429
    assert apply_on_the_page(other["id"], "late@example.com", ip=ip).status_code == 302
