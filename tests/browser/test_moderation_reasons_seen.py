"""Staff of a blocked company, with an offer an admin blocked, read in the browser why and whom to write to, at
phone and desktop widths: the admin's reasons and a mail link to SUPPORT_EMAIL, on the page's first screen."""

import pytest
from playwright.sync_api import Page, expect

from companies.services import company_create, company_user_create
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.services.moderation import company_block
from offers.services.offers import offer_disable
from tests.helpers import offer_body

from .conftest import DESKTOP, PHONE

EMAIL, PASSWORD = "hiring@blocked.example", "Blocked-Hiring-2026"
SUPPORT = "help@board.example"


@pytest.fixture(autouse=True)
def support_email(settings):
    settings.SUPPORT_EMAIL = SUPPORT


def log_in(page: Page) -> None:
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_staff_read_the_admins_reasons_and_the_support_address(web, viewport):
    company = company_create(name="Blocked Labs", accept_terms=True, payment_method=True)
    company_user_create(email=EMAIL, password=PASSWORD, company=company)
    body = offer_body(title="Data intern")
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": company.pk})
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Pay is not stated")
    company_block(actor=GOD, company_id=company.pk, admin_reason="Unpaid invoices")
    page = web.page("staff", viewport=viewport)
    log_in(page)

    standing = page.get_by_role("alert").filter(has_text="Your company is blocked")
    expect(standing).to_contain_text("Reason given: “Unpaid invoices”")
    expect(standing.get_by_role("link", name=SUPPORT)).to_have_attribute("href", f"mailto:{SUPPORT}")
    expect(standing).to_be_in_viewport()

    page.goto(f"/dashboard/offers/{offer.pk}/")
    note = page.get_by_text("Blocked by an admin, who gave this reason")
    expect(note).to_contain_text("“Pay is not stated”")
    expect(note.get_by_role("link", name=SUPPORT)).to_have_attribute("href", f"mailto:{SUPPORT}")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
