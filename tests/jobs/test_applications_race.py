"""Racing decisions on one application, through the partner API on PostgreSQL: exactly one wins."""

import itertools
from functools import partial

import pytest

from companies.services import company_create, partner_key_issue
from jobs.models import Application, Job
from jobs.services.applications import application_submit
from tests.helpers import PartnerClient
from tests.helpers import run_in_parallel as race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api():
    company = company_create(name="Racer", accept_terms=True, payment_method=True)
    return PartnerClient(partner_key_issue(company=company).raw)


@pytest.fixture
def job(api, complete_job_body):
    return Job.objects.get(pk=api.post("/jobs", {**complete_job_body, "publish": True}).json()["id"])


_candidates = itertools.count()


def apply(job: Job) -> Application:
    email = f"ada{next(_candidates)}@candidates.example"  # one application per email and job
    return application_submit(job_id=job.pk, candidate_name="Ada", email=email, answers={}, met_qualification_ids=[])


def test_racing_accept_and_reject_leave_one_winner_whose_status_is_stored(api, job):
    for _ in range(5):
        application = apply(job)
        path = f"/applications/{application.pk}"
        accept, reject = race([partial(api.post, f"{path}/accept"), partial(api.post, f"{path}/reject")])
        assert sorted([accept.status_code, reject.status_code]) == [200, 409]
        winner, loser = (accept, reject) if accept.status_code == 200 else (reject, accept)
        assert loser.json()["error"]["code"] == "INVALID_TRANSITION"
        stored = Application.objects.get(pk=application.pk).status
        assert stored == winner.json()["status"].lower()
        assert api.get(f"/applications/{application.pk}").json()["status"] == winner.json()["status"]


def test_racing_accepts_leave_one_winner(api, job):
    application = apply(job)
    responses = race([partial(api.post, f"/applications/{application.pk}/accept")] * 4)
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    counts = api.get(f"/jobs/{job.pk}").json()["applicationCounts"]
    assert counts == {"pending": 0, "accepted": 1, "rejected": 0}
