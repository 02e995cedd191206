"""Listings read a stored budget state (Job.budget_full_until); these check it always says what the ledger
says: it changes in the same transaction as spend, budgets and bids, and a window's reset needs no write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Job
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set, company_budgets_replace
from jobs.services.jobs import job_update
from tests.board.conftest import board_titles


def apply_qualified(job: Job, email: str, now=None):
    python = job.qualifications.get(text="Python")
    application_submit(
        job_id=job.pk, candidate_name="A", email=email, answers={}, met_qualification_ids=[python.pk], now=now
    )


def stored_matches_ledger(now) -> bool:
    stored = set(Job.objects.publicly_visible(now=now).values_list("pk", flat=True))
    live = Job.objects.accepting_applications(now=now).exclude(Job.objects.budget_exhausted(now=now))
    return stored == set(live.values_list("pk", flat=True))


@pytest.fixture
def live_job(create_job):
    def _make(title, **overrides):
        return Job.objects.get(pk=create_job(title=title, publish=True, **overrides)["id"])

    return _make


def test_a_charge_that_fills_the_daily_budget_hides_the_job_until_the_next_utc_day(
    live_job, owner_company, time_machine
):
    time_machine.move_to(timezone.now().replace(hour=10, minute=0, second=0, microsecond=0))
    job = live_job("Daily Capped", budgets=[{"window": "DAILY", "budgetCents": 500}])
    assert board_titles() == ["Daily Capped"]
    apply_qualified(job, "first@x.example")
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())
    time_machine.move_to(timezone.now().replace(hour=0) + timedelta(days=1, seconds=1))
    assert board_titles() == ["Daily Capped"]
    assert stored_matches_ledger(timezone.now())


def test_a_company_budget_filled_by_one_job_hides_only_the_jobs_whose_bid_no_longer_fits(live_job, owner_company):
    company_budget_set(company=owner_company, window="MONTHLY", budget_cents=1000)
    cheap = live_job("Cheap Bid", bidPerQualifiedApplicantCents=100)
    dear = live_job("Dear Bid", bidPerQualifiedApplicantCents=700)
    apply_qualified(dear, "one@x.example")  # 700 spent, 300 left: 700 no longer fits, 100 does
    assert board_titles() == ["Cheap Bid"]
    assert stored_matches_ledger(timezone.now())
    apply_qualified(cheap, "two@x.example")
    apply_qualified(cheap, "three@x.example")
    apply_qualified(cheap, "four@x.example")  # 1000 spent
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())
    assert Job.objects.get(pk=cheap.pk).budget_full_until is not None


def test_raising_the_budget_brings_the_job_back_and_raising_the_bid_hides_it(live_job, owner_company):
    job = live_job("Capped", budgets=[{"window": "LIFETIME", "budgetCents": 500}])
    apply_qualified(job, "first@x.example")
    assert board_titles() == []
    job_update(company=owner_company, job_id=job.pk, data={"budgets": [{"window": "LIFETIME", "budget_cents": 1500}]})
    assert board_titles() == ["Capped"]
    job_update(company=owner_company, job_id=job.pk, data={"bid_per_qualified_applicant_cents": 1200})
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())


def test_a_lower_company_cap_hides_jobs_at_once_and_removing_it_shows_them_again(live_job, owner_company):
    job = live_job("Company Capped")
    apply_qualified(job, "first@x.example")
    company_budgets_replace(company=owner_company, budgets=[{"window": "WEEKLY", "budget_cents": 600}])
    assert board_titles() == []
    company_budgets_replace(company=owner_company, budgets=[])
    assert board_titles() == ["Company Capped"]
    assert stored_matches_ledger(timezone.now())


def test_a_draft_published_while_the_company_budget_is_full_stays_off_the_board(
    live_job, create_job, owner_api, owner_company
):
    spender = live_job("Spender")
    company_budget_set(company=owner_company, window="LIFETIME", budget_cents=500)
    apply_qualified(spender, "first@x.example")
    draft = create_job(title="Late Draft")
    assert owner_api.post(f"/jobs/{draft['id']}/publish").status_code == 200
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())


def test_a_job_full_for_the_day_that_a_company_charge_fills_for_the_month_stays_off_the_board_the_next_day(
    live_job, owner_company, time_machine
):
    time_machine.move_to(timezone.now().replace(day=10, hour=10, minute=0, second=0, microsecond=0))
    company_budget_set(company=owner_company, window="MONTHLY", budget_cents=1000)
    daily = live_job(
        "Daily Capped", bidPerQualifiedApplicantCents=300, budgets=[{"window": "DAILY", "budgetCents": 300}]
    )
    other = live_job("Other", bidPerQualifiedApplicantCents=600)
    apply_qualified(daily, "first@x.example")  # its own day is full; the company has 700 left this month
    apply_qualified(other, "second@x.example")  # 100 left this month: neither bid fits until the 1st
    assert board_titles() == []
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert board_titles() == []
    assert stored_matches_ledger(timezone.now())
