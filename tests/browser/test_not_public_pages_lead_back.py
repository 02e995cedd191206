"""A candidate following an old link to a closed job or a hidden offer, on a phone or a desktop, lands on the site's
own page: its header, what happened in words, and a link that takes them back to the board."""

import pytest

from offers.actors import GOD
from offers.services.offers import offer_hide
from tests.jobboard.conftest import owner_offer

from .conftest import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_a_closed_job_and_a_hidden_offer_show_the_site_header_and_lead_back_to_the_board(
    web, locations, owner_company, owner_api, create_job, viewport
):
    closed = create_job(publish=True, title="Closed Engineer")
    owner_api.post(f"/jobs/{closed['id']}/close")
    create_job(publish=True, title="Open Engineer")
    hidden = offer_hide(actor=GOD, offer_id=owner_offer(owner_company, title="Hidden Intern").pk)
    page = web.page("candidate", viewport=viewport)

    for path, status, heading in (
        (f"/jobs/{closed['id']}", 410, "This job has ended"),
        (f"/offers/{hidden.pk}", 404, "This offer is not available"),
    ):
        response = page.goto(path)
        assert response.status == status
        assert page.locator(".site-header .brand").is_visible()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert "Closed Engineer" not in page.content() and "Hidden Intern" not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=f"/tmp/b-item6-{status}-{viewport['width']}.png", full_page=True)
        page.get_by_role("link", name="See the postings open now").click()
        page.wait_for_url("**/")
        assert page.get_by_text("Open Engineer").first.is_visible()
