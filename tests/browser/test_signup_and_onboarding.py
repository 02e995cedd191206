"""A company signs itself up in a real browser, at phone and desktop width: the header's link, a rule broken and
shown next to its field, "check your email", the mailed link's Confirm button, the application's state at login;
and, once approved, the first login's onboarding (profile, then the publish checklist). Every page fits the
width and passes axe (conftest)."""

import re

import pytest
from playwright.sync_api import Page, expect

from companies.applications.services import (
    company_application_approve,
    company_application_submit,
    company_application_validate,
)
from companies.models import Company
from tests.mailbox import text_of

from .conftest import DESKTOP, PHONE

EMAIL, PASSWORD = "hello@orchard.example", "orchard-lane-42"
WIDTHS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def fits(page: Page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], page.url


@pytest.fixture
def mail_sent_in_process(mailbox, settings):
    """Mail through a real SMTP server, sent by the live server after each commit (as without Redis)."""
    return mailbox


@pytest.mark.parametrize("viewport", WIDTHS)
def test_signup_with_a_validation_error_then_confirmation_and_the_status_at_login(web, mail_sent_in_process, viewport):
    page = web.page("applicant", viewport)
    page.goto("/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Sign up your company").click()
    expect(page.get_by_role("heading", name="Sign up your company", level=1)).to_be_visible()
    expect(page.locator("#field-password")).to_contain_text("at least one digit")  # the rule, before any error

    page.get_by_label("Work email").fill(EMAIL)
    page.get_by_label("Password").fill("no-digits-at-all")
    page.get_by_label("Company name").fill("Orchard Bikes")
    page.get_by_label("Why do you want to join?").fill("We repair bicycles and hire mechanics every season.")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#field-password .errorlist")).to_have_text("Include at least one digit (0–9).")
    expect(page.get_by_label("Company name")).to_have_value("Orchard Bikes")
    fits(page, viewport)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    fits(page, viewport)

    (message,) = mail_sent_in_process.wait_for(1, to=EMAIL)
    link = re.search(r"/signup/confirm/[\w-]+", text_of(message)).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm your application", level=1)).to_be_visible()
    fits(page, viewport)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your application is waiting for review", level=1)).to_be_visible()
    page.reload()  # opened again: the same answer, nothing changes
    expect(page.get_by_role("heading", name="Your application is waiting for review", level=1)).to_be_visible()

    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your company application", level=1)).to_be_visible()
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    fits(page, viewport)


@pytest.mark.parametrize("viewport", WIDTHS)
def test_onboarding_after_approval_saves_the_profile_then_shows_the_publish_checklist(web, viewport):
    company_application_submit(
        email=EMAIL, password=PASSWORD, company_name="Orchard Bikes", motivation="We hire mechanics.", token="tok"
    )
    application = company_application_validate(token="tok")
    company_application_approve(application_id=application.pk, actor="browser-test")

    page = web.page("staff", viewport)
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, Orchard Bikes", level=1)).to_be_visible()
    fits(page, viewport)

    page.get_by_label("About the company").fill("Bicycles, fixed in a day.")
    page.get_by_label("Contacts").fill("hello@orchard.example")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Get ready to publish", level=1)).to_be_visible()
    checklist = page.get_by_role("region", name="Before you can publish")
    expect(checklist).to_contain_text("Accept the current employer terms")
    expect(checklist).to_contain_text("Add a card")
    fits(page, viewport)

    page.get_by_role("button", name="Finish and go to the dashboard").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    assert Company.objects.get().bio == "Bicycles, fixed in a day."
