"""The stored budget state under a race: a bid raised, or a draft published, while an application to another job
of the company fills a company-wide window. Each transaction alone sees the other's state before it commits,
so the edit is held open until the application has run or waits on it, on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from jobs.models import Job
from jobs.services.budgets import company_budget_set
from jobs.services.jobs import job_publish, job_update
from tests.board.conftest import board_titles
from tests.jobs.test_budget_state import apply_qualified, stored_matches_ledger

pytestmark = pytest.mark.django_db(transaction=True)


def a_session_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return bool(cursor.fetchall())


def race_with_an_application(edit, spender: Job) -> None:
    """Runs `edit` in a transaction held open until the application to `spender` has finished or waits on it."""
    edited, go = threading.Event(), threading.Event()

    def run_edit():
        try:
            with transaction.atomic():
                edit()
                edited.set()
                go.wait()
        finally:
            edited.set()
            connection.close()

    def run_application():
        try:
            edited.wait()
            apply_qualified(spender, "spender@x.example")
        finally:
            connection.close()

    threads = [threading.Thread(target=run_edit), threading.Thread(target=run_application)]
    for thread in threads:
        thread.start()
    edited.wait()
    deadline = time.monotonic() + 30  # a bound on the wait, not an assertion: the checks below decide
    while threads[1].is_alive() and not a_session_waits_on_a_lock() and time.monotonic() < deadline:
        threads[1].join(0.01)
    go.set()
    for thread in threads:
        thread.join()


@pytest.fixture
def company_with_monthly_cap(owner_company):
    company_budget_set(company=owner_company, window="MONTHLY", budget_cents=1000)
    return owner_company


def test_a_bid_raised_while_another_job_fills_the_company_window_is_stored_as_full(
    create_job, company_with_monthly_cap
):
    raised = create_job(title="Raised", publish=True, bidPerQualifiedApplicantCents=100)
    spender = Job.objects.get(pk=create_job(title="Spender", publish=True, bidPerQualifiedApplicantCents=600)["id"])

    def raise_bid():
        data = {"bid_per_qualified_applicant_cents": 500}
        job_update(company=company_with_monthly_cap, job_id=raised["id"], data=data)

    race_with_an_application(raise_bid, spender)  # 600 spent, 400 left: neither 500 nor 600 fits
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())


def test_a_draft_published_while_another_job_fills_the_company_window_is_stored_as_full(
    create_job, company_with_monthly_cap
):
    draft = create_job(title="Draft", bidPerQualifiedApplicantCents=500)
    spender = Job.objects.get(pk=create_job(title="Spender", publish=True, bidPerQualifiedApplicantCents=600)["id"])

    def publish():
        job_publish(company=company_with_monthly_cap, job_id=draft["id"])

    race_with_an_application(publish, spender)
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())
