"""A full budget takes published jobs off the board: the overview, the jobs list and each job's page say which
jobs candidates cannot see, why (which cap, in which window) and until when, and the overview does not count
them as live."""

import re

import pytest

from jobs.services.budgets import company_budget_set
from jobs.services.jobs import job_update
from tests.jobs.budget_page_helpers import WEDNESDAY, apply_qualified, publish, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_jobs_over_the_company_cap(create_job, owner_company, time_machine):
    """$20.00 spent today on "Backend", then a company daily cap of $5.00: both jobs are off the board."""
    time_machine.move_to(WEDNESDAY, tick=False)
    backend, frontend = publish(create_job, "Backend"), publish(create_job, "Frontend")
    apply_qualified(backend, 4)
    company_budget_set(company=owner_company, window="DAILY", budget_cents=500)
    return backend, frontend


def stat(page: str, words: str) -> str:
    match = re.search(rf'<span class="n">(\d+)</span>{words}</a>', page)
    assert match, f"no stat {words!r}"
    return match.group(1)


def test_the_overview_does_not_count_jobs_off_the_board_as_live(staff, two_jobs_over_the_company_cap):
    page = staff.get("/dashboard/").content.decode()
    assert stat(page, "live jobs") == "0"
    assert stat(page, "off the board: budget full") == "2"


def test_the_overview_names_each_job_off_the_board_with_the_full_cap_and_when_it_returns(
    staff, two_jobs_over_the_company_cap
):
    page = words(staff.get("/dashboard/"))
    assert "Candidates cannot see 2 published jobs: a budget cap is full" in page
    for title in ("Backend", "Frontend"):
        assert (
            f"{title}: the company-wide daily cap of $5.00 is reached ($20.00 spent today, charged before the cap "
            "was lowered). Back on the board Thu 3 Dec, 00:00 UTC, when the daily window resets" in page
        )


def test_the_jobs_list_marks_each_job_off_the_board_and_says_why(staff, two_jobs_over_the_company_cap):
    page = words(staff.get("/dashboard/jobs/"))
    assert "Candidates cannot see 2 published jobs: a budget cap is full." in page
    assert page.count("Active Off the board") == 2
    assert page.count("company daily cap reached · back Thu 3 Dec, 00:00 UTC") == 2


def test_the_job_page_says_candidates_cannot_see_it_and_until_when(staff, two_jobs_over_the_company_cap):
    backend, _ = two_jobs_over_the_company_cap
    page = words(staff.get(f"/dashboard/jobs/{backend.pk}/"))
    assert "Candidates cannot see this job: the company-wide daily cap of $5.00 is reached" in page
    assert "Back on the board Thu 3 Dec, 00:00 UTC, when the daily window resets" in page
    assert "View as a candidate" not in page


def test_a_jobs_own_cap_with_less_left_than_one_bid_is_named_with_what_is_left(
    staff, create_job, owner_company, time_machine
):
    time_machine.move_to(WEDNESDAY, tick=False)
    job = publish(create_job, "Data", budgets=[{"window": "WEEKLY", "budgetCents": 1200}])
    apply_qualified(job, 2)
    page = words(staff.get(f"/dashboard/jobs/{job.pk}/"))
    assert (
        "its own weekly cap of $12.00 has $2.00 left this week, less than one $5.00 bid. "
        "Back on the board Mon 7 Dec, 00:00 UTC, when the weekly window resets" in page
    )
    overview = staff.get("/dashboard/").content.decode()
    assert stat(overview, "live jobs") == "0"


def test_a_full_lifetime_cap_says_the_job_stays_off_until_the_cap_or_bid_changes(
    staff, create_job, owner_company, time_machine
):
    time_machine.move_to(WEDNESDAY, tick=False)
    job = publish(create_job, "Ops", budgets=[{"window": "LIFETIME", "budgetCents": 500}])
    apply_qualified(job, 1)
    page = words(staff.get(f"/dashboard/jobs/{job.pk}/"))
    assert "its own lifetime cap of $5.00 is reached ($5.00 spent in total)" in page
    assert "Off the board until a cap is raised or removed or the bid is lowered" in page


def test_jobs_within_budget_are_live_and_not_marked(staff, create_job, owner_company, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    job = publish(create_job, "Backend")
    apply_qualified(job, 1)
    job_update(company=owner_company, job_id=job.pk, data={"budgets": [{"window": "DAILY", "budget_cents": 5000}]})
    overview = staff.get("/dashboard/").content.decode()
    assert stat(overview, "live job") == "1"
    assert "off the board" not in overview
    assert "Off the board" not in staff.get("/dashboard/jobs/").content.decode()


def test_resuming_a_job_a_full_budget_keeps_off_the_board_does_not_claim_candidates_see_it(
    staff, two_jobs_over_the_company_cap
):
    backend, _ = two_jobs_over_the_company_cap
    staff.post(f"/dashboard/jobs/{backend.pk}/pause/")
    paused = words(staff.get(f"/dashboard/jobs/{backend.pk}/"))
    assert "Candidates cannot see this job:" not in paused  # paused says it all; the budget matters once resumed
    page = words(staff.post(f"/dashboard/jobs/{backend.pk}/resume/", follow=True))
    assert "Resumed, but candidates cannot see the job yet: a budget cap is full. See why below." in page
    assert "Resumed: candidates see the job again." not in page
    assert "Candidates cannot see this job: the company-wide daily cap of $5.00 is reached" in page
