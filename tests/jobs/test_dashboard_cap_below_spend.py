"""Saving a cap below what its window already spent says what it does (which jobs leave the board, until when),
each cap field says what its window spent so far, and spend above a cap is explained where it is shown."""

import pytest

from jobs.models import Job
from jobs.services.budgets import company_budget_set
from tests.jobs.budget_page_helpers import WEDNESDAY, apply_qualified, publish, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenty_dollars_spent_today(create_job, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    backend, frontend = publish(create_job, "Backend"), publish(create_job, "Frontend")
    apply_qualified(backend, 4)
    return backend, frontend


def test_saving_a_company_cap_below_todays_spend_names_the_jobs_that_leave_the_board(staff, twenty_dollars_spent_today):
    response = staff.post("/dashboard/budgets/", {"DAILY_amount": "5"}, follow=True)
    page = words(response)
    assert (
        "Company budgets saved. A cap is now below what its window has already spent plus one bid, so candidates "
        "no longer see 2 jobs until Thu 3 Dec, 00:00 UTC: “" in page
    )
    assert "“Frontend”" in page and "“Backend”" in page
    assert "Candidates cannot see 2 published jobs: a budget cap is full" in page


def test_saving_a_company_cap_that_still_pays_a_bid_just_saves(staff, twenty_dollars_spent_today):
    page = words(staff.post("/dashboard/budgets/", {"DAILY_amount": "25"}, follow=True))
    assert "Company budgets saved." in page and "no longer see" not in page


def test_each_company_cap_field_says_what_its_window_spent_so_far(staff, twenty_dollars_spent_today):
    page = words(staff.get("/dashboard/budgets/"))
    assert "Spent today so far: $20.00; the window resets Thu 3 Dec, 00:00 UTC." in page
    assert "Spent in total so far: $20.00." in page


def test_spend_above_a_company_cap_is_explained_on_the_overview_and_the_budgets_page(
    staff, owner_company, twenty_dollars_spent_today
):
    company_budget_set(company=owner_company, window="DAILY", budget_cents=500)
    explanation = (
        "$15.00 over: charged before the cap was lowered to $5.00. Nothing more is charged today; "
        "the window resets Thu 3 Dec, 00:00 UTC."
    )
    assert explanation in words(staff.get("/dashboard/"))
    assert explanation in words(staff.get("/dashboard/budgets/"))


def job_form(job: Job, **overrides) -> dict:
    """The dashboard's edit form for a published job with applications (its qualifications locked), as posted."""
    location = job.job_locations.first().location_id
    data = {
        "title": job.title,
        "description": job.description,
        "remote_option": job.remote_option,
        "remote_country": "",
        "job_type": job.job_type,
        "job_level": job.job_level,
        "salary_min": str(job.salary_min),
        "salary_max": str(job.salary_max),
        "salary_period": job.salary_period,
        "bid": "5.00",
        "locations": [str(location)],
    }
    return {**data, **overrides}


def test_saving_a_jobs_own_cap_below_its_spend_says_it_leaves_the_board_until_the_reset(
    staff, twenty_dollars_spent_today
):
    backend, _ = twenty_dollars_spent_today
    response = staff.post(f"/dashboard/jobs/{backend.pk}/edit/", job_form(backend, **{"budget-WEEKLY_amount": "10"}))
    assert response.status_code == 302
    page = words(staff.get(response.url))
    assert (
        "Changes saved. A budget cap is now below what its window has already spent plus one bid, so candidates no "
        "longer see this job until Mon 7 Dec, 00:00 UTC. See why below." in page
    )
    assert "$10.00 over: charged before the cap was lowered to $10.00. Nothing more is charged this week" in page


def test_each_job_cap_field_says_what_the_job_spent_so_far(staff, twenty_dollars_spent_today):
    backend, frontend = twenty_dollars_spent_today
    assert "Spent this week so far: $20.00" in words(staff.get(f"/dashboard/jobs/{backend.pk}/edit/"))
    assert "Spent this week so far: $0.00" in words(staff.get(f"/dashboard/jobs/{frontend.pk}/edit/"))
