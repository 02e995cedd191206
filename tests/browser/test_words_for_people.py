"""A candidate on a phone or a desktop reads labels, one salary format and a self-declaration, never codes:
the board's card and the job page say "Remote (Canada)", "Full time", "$100,000–$150,000 per year", and the
apply form asks them to check what applies to them."""

import pytest

from .conftest import DESKTOP, PHONE

SALARY = "$100,000–$150,000 per year"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_card_job_page_and_apply_form_read_as_words(web, locations, create_job, viewport):
    job_id = create_job(publish=True, remoteOption="REMOTE", remoteCountry="Canada", locations=[])["id"]
    page = web.page("candidate", viewport=viewport)

    page.goto("/")
    card = page.locator("article.posting").filter(has_text="Backend Engineer").first
    card_text = card.inner_text()
    assert "Remote (Canada)" in card_text and "Full time" in card_text and SALARY in card_text
    assert "REMOTE" not in card_text and "FULL_TIME" not in card_text and "USD a year" not in card_text
    page.screenshot(path=f"/tmp/b-item9-board-{viewport['width']}.png", full_page=True)

    page.goto(f"/jobs/{job_id}")
    facts = page.locator("dl.facts").inner_text()
    assert SALARY in facts and "Mid level" in facts and "Full time" in facts
    page.screenshot(path=f"/tmp/b-item9-job-{viewport['width']}.png", full_page=True)

    page.goto(f"/jobs/{job_id}/apply")
    group = page.get_by_role("group", name="Check what applies to you")
    assert group.is_visible()
    box = page.get_by_label("I have: Python (required for this job)")
    box.check()
    assert box.is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=f"/tmp/b-item9-apply-{viewport['width']}.png", full_page=True)
