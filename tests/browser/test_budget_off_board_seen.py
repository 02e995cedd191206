"""Staff lower the company's daily cap below today's spend, in a real browser at phone and desktop widths: the save
says which jobs leave the board and until when, and the overview, the jobs list and the job's page show them as
off the board (not live), each with the full cap and when it comes back."""

import re

import pytest
from playwright.sync_api import Page, expect

from jobs.models import Job
from jobs.services.applications import application_submit

from .conftest import DESKTOP, PHONE

STAFF_EMAIL, STAFF_PASSWORD = "staff@owner.example", "pw-owner-123"  # tests/conftest.py's owner_staff
BACK = re.compile(r"Back on the board \w{3} \d{1,2} \w{3}, 00:00 UTC, when the daily window resets")


def log_in(page: Page) -> None:
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def stat(page: Page, words: str):
    return page.locator("a.stat").filter(has_text=words)


def fits_the_width(page: Page, locator) -> None:
    """The element's right edge is inside the window: its words are not cut off or pushed sideways."""
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_lowering_the_cap_below_spend_shows_which_jobs_left_the_board_and_why(web, viewport, owner_staff, create_job):
    backend = Job.objects.get(pk=create_job(title="Backend", publish=True, budgets=[])["id"])
    create_job(title="Frontend", publish=True, budgets=[])
    python = backend.qualifications.get(text="Python")
    for i in range(4):
        email = f"c{i}@x.example"
        application_submit(
            job_id=backend.pk, candidate_name="C", email=email, answers={}, met_qualification_ids=[python.pk]
        )
    page = web.page("staff", viewport=viewport)
    log_in(page)
    expect(stat(page, "live jobs")).to_contain_text("2")

    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Budgets", exact=True).click()
    expect(page.get_by_text("Spent today so far: $20.00")).to_be_visible()
    page.locator("#id_DAILY_amount").fill("5")  # by id: its label's words are not what this checks
    page.get_by_role("button", name="Save budgets").click()
    message = page.get_by_role("status").filter(has_text="Company budgets saved.")
    expect(message).to_contain_text("candidates no longer see 2 jobs until")
    expect(message).to_contain_text("“Frontend”")
    expect(message).to_contain_text("“Backend”")
    fits_the_width(page, message)

    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Overview", exact=True).click()
    expect(stat(page, "live jobs")).to_contain_text("0")
    expect(stat(page, "off the board: budget full")).to_contain_text("2")
    section = page.get_by_role("region", name="Candidates cannot see 2 published jobs: a budget cap is full")
    expect(section).to_be_visible()
    for title in ("Backend", "Frontend"):
        item = section.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))
        expect(item).to_contain_text("the company-wide daily cap of $5.00 is reached ($20.00 spent today")
        expect(item).to_contain_text(BACK)
    fits_the_width(page, section)
    over = page.get_by_text("$15.00 over: charged before the cap was lowered to $5.00.")
    expect(over).to_be_visible()

    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Jobs", exact=True).click()
    expect(page.get_by_text("Off the board", exact=True)).to_have_count(2)
    for title in ("Backend", "Frontend"):
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
        expect(row).to_contain_text(re.compile(r"company daily cap reached · back \w{3} \d{1,2} \w{3}, 00:00 UTC"))
    page.get_by_role("link", name="Backend", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="Candidates cannot see this job")
    expect(alert).to_contain_text("the company-wide daily cap of $5.00 is reached")
    expect(alert).to_contain_text(BACK)
    fits_the_width(page, alert)
