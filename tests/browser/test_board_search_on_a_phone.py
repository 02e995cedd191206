"""A search on a 360x740 phone keeps the Filters panel closed and shows the first result on the first screen; the
panel opens only when a filter is set. The form leaves empty fields out of the address, and an address that has
them anyway (an old link, a browser without JavaScript) does not count them as filters."""

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from companies.services import company_create
from tests.browser.test_candidate_journey import post_job

PHONE_SCREEN = {"width": 360, "height": 740}


def post_jobs(company) -> None:
    for title in ("Kotlin Mobile Engineer", "Kotlin Backend Engineer"):
        post_job(company, title)


def filters_panel_is_open(page: Page) -> bool:
    return page.locator("form.board-search > details").evaluate("panel => panel.open")


def first_result_top(page: Page) -> float:
    return page.locator("article.posting").first.bounding_box()["y"]


def test_a_search_on_a_phone_keeps_filters_closed_and_the_first_result_on_screen(web, locations):
    post_jobs(company_create(name="Harbor Apps", accept_terms=True, payment_method=True))
    page = web.page("candidate", viewport=PHONE_SCREEN)
    page.goto("/")

    page.get_by_label("Search jobs and offers", exact=True).fill("kotlin")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("2 postings match")).to_be_visible()
    assert urlsplit(page.url).query == "q=kotlin"
    assert not filters_panel_is_open(page)
    assert 0 <= first_result_top(page) < PHONE_SCREEN["height"]

    page.goto("/?q=kotlin&kind=&type=&workplace=&location=&salary_min=&posted_within=")
    expect(page.get_by_text("2 postings match")).to_be_visible()
    assert not filters_panel_is_open(page)

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Show", exact=True).select_option("job")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("2 postings match")).to_be_visible()
    assert urlsplit(page.url).query == "q=kotlin&kind=job"
    assert filters_panel_is_open(page)
    expect(page.get_by_role("link", name="Clear all")).to_be_visible()
