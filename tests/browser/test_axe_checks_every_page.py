"""axe-core checks every page of the site a browser test loads (tests/browser/conftest.py): a page with a WCAG
violation is reported with its address, rule and element, and pages that follow the rules pass, an offer whose
own HTML carries an image without alternative text among them (the site strips images from offers)."""

from playwright.sync_api import Route

from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import offer_body

BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="/static/none.png"></main></body></html>"""


def serve_broken_page(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body=BROKEN_PAGE)


def test_a_page_with_an_image_without_alt_text_is_reported(web):
    page = web.page("visitor")
    page.route("**/broken-page", serve_broken_page)
    page.goto("/broken-page")
    web.wait_for_accessibility_check(page)
    assert len(web.accessibility_problems) == 1
    assert "/broken-page: image-alt (critical)" in web.accessibility_problems[0]
    assert "img" in web.accessibility_problems[0]
    web.accessibility_problems.clear()  # reported as expected: the fixture's own check at the end must pass


def test_the_board_and_an_offer_with_an_image_in_its_html_are_checked_and_clean(web, owner_company):
    body = offer_body(title="Robotics intern", description='<p>Our lab: <img src="https://labs.example/lab.jpg"></p>')
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": owner_company.pk})
    page = web.page("visitor")
    for path in ("/", f"/offers/{offer.pk}"):
        page.goto(path)
        web.wait_for_accessibility_check(page)
    assert web.checked_urls == [f"{web.base_url}/", f"{web.base_url}/offers/{offer.pk}"]
    assert web.accessibility_problems == []
