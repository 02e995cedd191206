"""Racing retries with one Idempotency-Key on PostgreSQL: exactly one request runs."""

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from companies.services import company_create, partner_key_issue
from jobs.choices import IdempotencyState
from jobs.models import IdempotencyKey, Job
from tests.helpers import PartnerClient, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


@pytest.fixture
def company(locations):
    return company_create(name="Racer", accept_terms=True, payment_method=True)


@pytest.fixture
def api(company):
    return PartnerClient(partner_key_issue(company=company).raw)


def assert_one_ran(responses):
    """One fresh 201; every other racer got that answer replayed or was told the first is still running."""
    fresh = [r for r in responses if r.status_code == 201 and "Idempotent-Replayed" not in r]
    assert len(fresh) == 1, [r.status_code for r in responses]
    job_id = fresh[0].json()["id"]
    for response in responses:
        if response is fresh[0]:
            continue
        if response.status_code == 201:
            assert response["Idempotent-Replayed"] == "true"
            assert response.json()["id"] == job_id
        else:
            assert response.status_code == 409, response.content
            assert response.json()["error"]["code"] == "IDEMPOTENCY_IN_PROGRESS"
    return job_id


def test_racing_creates_with_one_key_create_one_job(api, company, complete_job_body):
    for round_ in range(3):
        post = partial(api.post, "/jobs", complete_job_body, headers={"Idempotency-Key": f"race-{round_}"})
        job_id = assert_one_ran(run_in_parallel([post] * RACERS))
        assert Job.objects.filter(company=company).count() == round_ + 1
        assert Job.objects.filter(pk=job_id).exists()


def test_racing_retries_of_an_expired_key_create_one_job(api, company, complete_job_body):
    IdempotencyKey.objects.create(
        company=company,
        key="yesterday",
        method="POST",
        path="/api/external/v1/jobs",
        body_hash="0" * 64,
        state=IdempotencyState.DONE,
        response_status=201,
        response_body="{}",
        created_at=timezone.now() - timedelta(days=1, seconds=1),
    )
    post = partial(api.post, "/jobs", complete_job_body, headers={"Idempotency-Key": "yesterday"})

    assert_one_ran(run_in_parallel([post] * RACERS))

    assert Job.objects.filter(company=company).count() == 1
    assert IdempotencyKey.objects.get(key="yesterday").state == IdempotencyState.DONE
