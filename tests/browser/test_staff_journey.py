"""A company's first day on the board, through the real pages in a real browser.

Staff of a company without terms or a card log in at phone width, write a job (a field error first),
accept the terms, add a card and publish; a candidate applies on the public board; staff open and accept
the application; they fill the offer window until the sixth offer is refused; they issue, use and revoke a
partner key; an admin blocks an offer; and another company's staff get 404 on the first company's pages.
"""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from companies.models import PartnerKey
from companies.services import company_create, company_user_create, partner_key_issue
from jobs.models import Application
from offers.forms import when
from offers.models import Offer

from .conftest import DESKTOP, PHONE

STAFF_EMAIL, STAFF_PASSWORD = "hiring@acme.example", "Acme-Hiring-2026"
RIVAL_EMAIL, RIVAL_PASSWORD = "hiring@rival.example", "Rival-Hiring-2026"
ADMIN_USERNAME, ADMIN_PASSWORD = "root", "Board-Admin-2026"
JOB_TITLE = "Robotics Engineer"
CANDIDATE = "Grace Hopper"


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name=name, exact=True).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def staff_creates_a_draft_job(page: Page) -> str:
    nav(page, "Jobs")
    page.get_by_role("link", name="New job").click()
    page.get_by_label("Description").fill("Build the robots that build robots.")
    page.get_by_role("button", name="Save draft").click()
    # Saved without a title: the error sits next to the title field, and nothing is saved.
    expect(page.locator("#field-title")).to_contain_text("This field is required.")
    expect(page.get_by_label("Job title")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Job title").fill(JOB_TITLE)
    page.get_by_label("Where the work happens").select_option(label="Hybrid")
    page.get_by_label("Find a city").fill("Austin")
    austin = page.get_by_role("checkbox", name="Austin, Texas, United States", exact=True)
    austin.check()  # waits for the htmx suggestions to arrive
    page.get_by_label("Employment type").select_option(label="Full time")
    page.get_by_label("Seniority").select_option(label="Mid level")
    page.get_by_label("Salary from").fill("120000")
    page.get_by_label("Salary to").fill("160000")
    page.get_by_label("Salary period").select_option(label="Per year")
    page.get_by_label("Bid per qualified applicant").fill("5.00")
    page.get_by_label("Qualification", exact=True).first.fill("Python")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", name=JOB_TITLE, level=1)).to_be_visible()
    expect_message(page, "Draft saved")
    expect(page.get_by_text("Austin, Texas, United States")).to_be_visible()
    return re.search(r"/dashboard/jobs/([0-9a-f-]{36})/", page.url).group(1)


def staff_is_told_to_accept_terms_and_add_a_card(page: Page) -> None:
    checklist = page.get_by_role("region", name="Before you can publish")
    expect(checklist).to_contain_text("Accept the current employer terms")
    expect(checklist).to_contain_text("Add a card")
    page.get_by_role("button", name="Publish").click()
    expect_message(page, "accept the current employer terms")
    expect(page.locator("h1 + p .badge")).to_have_text("Draft")


def staff_accepts_the_terms_and_adds_a_card(page: Page) -> None:
    page.get_by_role("region", name="Before you can publish").get_by_role("link", name="Review and accept").click()
    expect(page.get_by_role("heading", name="Employer terms", level=1)).to_be_visible()
    page.get_by_label("I have read and accept these employer terms").check()
    page.get_by_role("button", name="Accept the terms").click()
    expect_message(page, "accepted the employer terms")

    page.get_by_role("link", name="Add a card").click()
    expect(page.get_by_role("heading", name="Payment method", level=1)).to_be_visible()
    page.get_by_label("Name on the card").fill("Acme Robotics")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date (MM/YY)").fill("12/34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Save card").click()
    expect_message(page, "ending in 4242")


def staff_publishes_the_job(page: Page) -> None:
    nav(page, "Jobs")
    page.get_by_role("link", name=JOB_TITLE).click()
    expect(page.get_by_role("region", name="Ready to publish")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect_message(page, "Published")
    expect(page.locator("h1 + p .badge")).to_have_text("Active")


def candidate_finds_the_job_and_applies(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=JOB_TITLE).click()
    page.get_by_role("link", name="Apply for this job").first.click()
    page.get_by_label("Your name").fill(CANDIDATE)
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("I have: Python (required for this job)").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()


def new_applicant_count(api, key: str, job_id: str) -> int:
    response = api.get(f"/api/external/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200, response.text()
    return response.json()["newApplicantCount"]


def staff_opens_and_accepts_the_new_applicant(page: Page, api, key: str, job_id: str) -> int:
    nav(page, "Overview")
    expect(page.locator("a.stat", has_text="new applicant").locator(".n")).to_have_text("1")
    assert new_applicant_count(api, key, job_id) == 1

    nav(page, "Applications")
    page.get_by_role("link", name=CANDIDATE).click()
    expect(page.get_by_role("heading", name=CANDIDATE, level=1)).to_be_visible()
    expect(page.get_by_text("Meets: Python")).to_be_visible()
    assert new_applicant_count(api, key, job_id) == 0  # opened means viewed, in the partner API too

    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#application-status")).to_have_text("Accepted")
    nav(page, "Overview")
    expect(page.locator("a.stat", has_text="new applicant").locator(".n")).to_have_text("0")
    return Application.objects.get(candidate_name=CANDIDATE).pk


def fill_offer(page: Page, title: str, ends: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Job type").select_option(label="Summer internship")
    page.get_by_label("Location").fill("Austin, United States")
    page.get_by_label("Description").fill("<p>Help us build <b>robots</b>.</p>")
    page.get_by_label("Publish until (UTC)").fill(ends)
    page.get_by_label("Minimum duration (months)").fill("3")
    page.get_by_label("Requirements").fill("Curiosity")
    page.get_by_role("group", name=re.compile(r"^Fields")).get_by_label("Backend", exact=True).check()
    page.get_by_role("group", name=re.compile(r"^Technologies")).get_by_label("Python", exact=True).check()
    page.get_by_label("Contacts").fill("jobs@acme.example")
    page.get_by_role("button", name="Create offer").click()


def staff_creates_offers_until_the_window_is_full(page: Page, company) -> list[Offer]:
    ends = (timezone.now() + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M")
    nav(page, "Offers")
    for n in range(1, 6):
        page.get_by_role("link", name="New offer").click()
        fill_offer(page, f"Robotics intern {n}", ends)
        expect_message(page, f"Offer “Robotics intern {n}” created.")
        nav(page, "Offers")

    page.get_by_role("link", name="New offer").click()
    fill_offer(page, "Robotics intern 6", ends)
    refusal = page.locator("#form-errors")
    expect(refusal).to_contain_text("The offer was not created.")
    offers = list(Offer.objects.filter(company=company).order_by("pk"))
    assert [o.title for o in offers] == [f"Robotics intern {n}" for n in range(1, 6)], "the sixth offer was stored"
    # The full window runs from the fifth offer's start to the first end among the five.
    start, end = max(o.publish_date for o in offers), min(o.publish_end_date for o in offers)
    expect(refusal).to_contain_text(f"You already have 5 offers live between {when(start)} and {when(end)}.")
    return offers


def call_partner_api(api, key: str):
    return api.get("/api/external/v1/jobs", headers={"Authorization": f"Bearer {key}"})


def staff_issues_uses_and_revokes_a_partner_key(page: Page, api) -> None:
    nav(page, "Partner keys")
    page.get_by_label("Label (optional)").fill("Careers site")
    page.get_by_role("button", name="Issue key").click()
    expect(page.get_by_text("It will never be shown again")).to_be_visible()
    key = page.locator("#new-key").inner_text().strip()
    response = call_partner_api(api, key)
    assert response.status == 200, response.text()

    page.get_by_role("link", name="back to partner keys").click()
    prefix = PartnerKey.objects.get(label="Careers site").prefix
    assert key.startswith(prefix)
    row = page.get_by_role("row").filter(has_text="Careers site")
    expect(row).to_contain_text(prefix)
    expect(page.get_by_text(key)).to_have_count(0)  # shown once, never again
    row.get_by_role("link", name=re.compile(r"^Revoke")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Revoke key"))).to_be_visible()
    page.get_by_role("button", name="Revoke this key").click()
    expect_message(page, "revoked")
    expect(page.get_by_role("row").filter(has_text="Careers site")).to_contain_text("revoked")

    response = call_partner_api(api, key)
    assert response.status == 401
    assert response.json()["error"]["code"] == "INVALID_SERVICE_KEY"


def admin_blocks_an_offer(page: Page, title: str) -> None:
    get_user_model().objects.create_superuser(
        username=ADMIN_USERNAME, email="root@board.example", password=ADMIN_PASSWORD
    )
    page.goto("/admin/")
    page.get_by_label("Email").fill("root@board.example")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/offers/offer/")
    page.get_by_role("checkbox", name=f"Select this object for an action - {title}", exact=True).check()
    page.locator("select[name=action]").select_option(label="Block offers")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Reason (recorded; the company sees it on its dashboard)").fill("Misleading pay")
    page.get_by_role("button", name="Block offers").click()
    expect(page.get_by_text("1 offer blocked and hidden from candidates.")).to_be_visible()


def staff_sees_the_offer_blocked(page: Page, title: str) -> None:
    nav(page, "Offers")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row).to_contain_text("Blocked by an admin")


def rival_gets_404_on_the_first_companys_pages(page: Page, job_id: str, application_id: int, offer_id: int) -> None:
    rival = company_create(name="Rival Robotics", accept_terms=True, payment_method=True)
    company_user_create(email=RIVAL_EMAIL, password=RIVAL_PASSWORD, company=rival)
    log_in(page, RIVAL_EMAIL, RIVAL_PASSWORD)
    for path in (
        f"/dashboard/jobs/{job_id}/",
        f"/dashboard/jobs/{job_id}/edit/",
        f"/dashboard/applications/{application_id}/",
        f"/dashboard/offers/{offer_id}/",
    ):
        response = page.goto(path)
        assert response.status == 404, f"{path} answered {response.status} to another company's staff"


def test_staff_journey_from_first_login_to_moderation(web, locations):
    company = company_create(name="Acme Robotics")
    company_user_create(email=STAFF_EMAIL, password=STAFF_PASSWORD, company=company)
    staff = web.page("staff", viewport=PHONE)
    api = web.api()

    log_in(staff, STAFF_EMAIL, STAFF_PASSWORD)
    job_id = staff_creates_a_draft_job(staff)
    staff_is_told_to_accept_terms_and_add_a_card(staff)
    staff_accepts_the_terms_and_adds_a_card(staff)
    staff_publishes_the_job(staff)

    candidate_finds_the_job_and_applies(web.page("candidate", viewport=DESKTOP))
    service_key = partner_key_issue(company=company, label="Backend sync").raw
    application_id = staff_opens_and_accepts_the_new_applicant(staff, api, service_key, job_id)

    offers = staff_creates_offers_until_the_window_is_full(staff, company)
    staff_issues_uses_and_revokes_a_partner_key(staff, api)

    blocked = offers[1]
    admin_blocks_an_offer(web.page("admin", viewport=DESKTOP), blocked.title)
    staff_sees_the_offer_blocked(staff, blocked.title)

    rival_gets_404_on_the_first_companys_pages(web.page("rival"), job_id, application_id, blocked.pk)
