"""Racing requests against PostgreSQL: exactly one transition wins."""
import threading

import pytest
from django.db import connection

from companies.services import company_create, partner_key_issue
from tests.conftest import PartnerClient

pytestmark = pytest.mark.django_db(transaction=True)


def race(calls):
    """Runs each call in its own thread (own DB connection), released together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def api(complete_job_body):
    company = company_create(name="Racer", accept_terms=True, payment_method=True)
    return PartnerClient(partner_key_issue(company=company).raw)


def test_two_racing_publishes_leave_one_winner(api, complete_job_body):
    for _ in range(5):
        job = api.post("/jobs", complete_job_body).json()
        statuses = race([lambda: api.post(f"/jobs/{job['id']}/publish").status_code for _ in range(2)])
        assert sorted(statuses) == [200, 409]
        assert api.get(f"/jobs/{job['id']}").json()["status"] == "ACTIVE"


def test_racing_pause_and_close_leave_one_winner(api, complete_job_body):
    for _ in range(5):
        job = api.post("/jobs", {**complete_job_body, "publish": True}).json()
        responses = race([
            lambda: api.post(f"/jobs/{job['id']}/pause"),
            lambda: api.post(f"/jobs/{job['id']}/close"),
        ])
        statuses = [r.status_code for r in responses]
        final = api.get(f"/jobs/{job['id']}").json()["status"]
        # Pause may win and close then still succeed (PAUSED → CLOSED); close winning refuses the pause.
        if statuses == [200, 200]:
            assert final == "CLOSED"
        else:
            assert statuses == [409, 200] and final == "CLOSED"
            assert responses[0].json()["error"]["code"] == "INVALID_TRANSITION"


def test_racing_closes_leave_one_winner(api, complete_job_body):
    job = api.post("/jobs", {**complete_job_body, "publish": True}).json()
    statuses = race([lambda: api.post(f"/jobs/{job['id']}/close").status_code for _ in range(4)])
    assert sorted(statuses) == [200, 409, 409, 409]
