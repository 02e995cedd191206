"""A candidate on the public board, in a real browser at phone width: search, filter, read, apply."""

from playwright.sync_api import Page, Route, expect

from companies.services import company_create
from jobs.models import Application, Location
from jobs.services.jobs import job_create
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.browser.conftest import PHONE
from tests.helpers import offer_body

APPLY_URL = "https://careers.harbor.example/apply/42"


def post_job(company, title: str, level: str = "SENIOR") -> None:
    """A live hybrid job in Austin with one required qualification and one question."""
    job_create(
        company=company,
        publish=True,
        data={
            "title": title,
            "description": f"{title}: a real team, real products.",
            "remote_option": "HYBRID",
            "job_type": "FULL_TIME",
            "job_level": level,
            "salary_min": 90000,
            "salary_max": 120000,
            "salary_period": "ANNUAL",
            "bid_per_qualified_applicant_cents": 300,
            "locations": [Location.objects.get(city="Austin", state_code="TX").pk],
            "qualifications": [{"text": "Two years of Kotlin", "kind": "REQUIRED", "order": 0}],
            "questions": [{"prompt": "When could you start?", "order": 0, "options": ["Now", "Later"]}],
        },
    )


def post_the_board(company) -> None:
    post_job(company, "Kotlin Mobile Engineer", "SENIOR")
    post_job(company, "Warehouse Associate", "ENTRY")
    body = offer_body(title="Kotlin Summer Internship", technologies=["Kotlin"], applyURL=APPLY_URL)
    body.pop("publishDate")
    offer_create(actor=GOD, body={**body, "owner": company.pk})


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def open_filters(page: Page) -> None:
    """The filters panel starts open once a search is made; open it only if it is closed."""
    panel = page.locator("details.card")
    if panel.get_attribute("open") is None:
        page.get_by_text("Filters", exact=True).click()


def fulfil_external_apply_page(route: Route) -> None:
    # The offer's applyURL is another site; the test answers for it so nothing leaves this machine.
    route.fulfill(status=200, content_type="text/html", body="<h1>Harbor careers: apply</h1>")


def test_candidate_searches_filters_applies_to_a_job_and_reaches_an_offers_apply_url(web, locations):
    company = company_create(name="Harbor Apps", accept_terms=True, payment_method=True)
    post_the_board(company)
    candidate = web.page("candidate", viewport=PHONE)

    candidate.goto("/")
    expect(candidate.get_by_role("heading", name="Jobs and offers")).to_be_visible()
    expect(candidate.get_by_text("3 postings")).to_be_visible()
    no_horizontal_scroll(candidate)

    candidate.get_by_label("Search jobs and offers", exact=True).fill("kotlin")
    candidate.get_by_role("button", name="Search", exact=True).click()
    expect(candidate.get_by_text("2 postings match")).to_be_visible()
    assert "q=kotlin" in candidate.url

    open_filters(candidate)
    candidate.get_by_label("Show", exact=True).select_option("job")
    candidate.get_by_role("button", name="Apply filters").click()
    expect(candidate.get_by_text("1 posting match")).to_be_visible()
    no_horizontal_scroll(candidate)

    candidate.get_by_role("link", name="Kotlin Mobile Engineer").click()
    expect(candidate.get_by_role("heading", name="Kotlin Mobile Engineer")).to_be_visible()
    candidate.get_by_role("link", name="Apply for this job").first.click()
    candidate.get_by_label("Your name").fill("Grace Hopper")
    candidate.get_by_label("Email").fill("grace@candidates.example")
    candidate.get_by_label("Now").check()
    candidate.get_by_label("Two years of Kotlin").check()
    candidate.get_by_role("button", name="Send application").click()
    expect(candidate.get_by_role("heading", name="Application sent")).to_be_visible()
    application = Application.objects.get()
    assert application.candidate_name == "Grace Hopper" and application.is_qualified

    candidate.context.route(f"{APPLY_URL}*", fulfil_external_apply_page)
    candidate.goto("/?q=kotlin&kind=offer")
    candidate.get_by_role("link", name="Kotlin Summer Internship").click()
    link = candidate.get_by_role("link", name="Apply at careers.harbor.example").first
    assert set((link.get_attribute("rel") or "").split()) >= {"nofollow", "noopener"}
    link.click()
    expect(candidate.get_by_role("heading", name="Harbor careers: apply")).to_be_visible()
    assert candidate.url == APPLY_URL
