"""A candidate reads a job's description as its company wrote it, on a phone and on a desktop: bold is bold, not
"<b>" tags, and paragraphs and line breaks stay."""

import pytest

from .conftest import DESKTOP, PHONE

DESCRIPTION = "We ship <b>every day</b>.\nSecond line.\n\nA new paragraph."


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_a_job_description_shows_bold_text_and_keeps_its_paragraphs(web, locations, create_job, viewport):
    job_id = create_job(publish=True, description=DESCRIPTION)["id"]
    page = web.page("candidate", viewport=viewport)
    page.goto(f"/jobs/{job_id}")
    description = page.locator(".posting-description")

    assert "<b>" not in description.inner_text()
    bold = description.locator("b", has_text="every day")
    assert int(bold.evaluate("element => getComputedStyle(element).fontWeight")) >= 600
    paragraphs = description.locator("p")
    assert paragraphs.count() == 2
    first, second = (paragraphs.nth(i).bounding_box() for i in range(2))
    assert second["y"] >= first["y"] + first["height"]
    # "Second line." starts its own line under the first, not run on after "every day.".
    assert paragraphs.nth(0).inner_text().splitlines() == ["We ship every day.", "Second line."]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=f"/tmp/b-item5-job-{viewport['width']}.png", full_page=True)
