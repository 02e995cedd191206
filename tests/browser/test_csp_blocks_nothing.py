"""The Content-Security-Policy blocks nothing the site itself needs: staff go through the dashboard (the htmx city
search and accept button, the offer form's live counter, the key-issued page's copy button), a visitor reads the
board, a job, an offer, a company and the API docs (Swagger UI), an admin goes through the admin; no page logs a
console error or reports a CSP violation. And the policy is in force: markup injected into a page is refused."""

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from jobs.services.applications import application_submit
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import offer_body

from .conftest import DESKTOP

STAFF_EMAIL, STAFF_PASSWORD = "staff@owner.example", "pw-owner-123"  # tests/conftest.py's owner_staff
ADMIN_USERNAME, ADMIN_PASSWORD = "root", "Board-Admin-2026"
OFFER_TITLE = "Robotics intern"

# Runs in every document before its own scripts: each violation is recorded on window and handed to the test.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.violatedDirective} refused ${event.blockedURI || "inline"} on ${location.pathname}`;
  window.__cspViolations.push(text);
  window.__reportCspViolation(text);
});
"""


class Watch:
    """Every console error, uncaught error and CSP violation of one page, across its navigations."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []
        self.violations: list[str] = []
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught {error} on {page.url}"))
        page.expose_function("__reportCspViolation", lambda text: self.violations.append(text))
        page.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message):
        # The site has no favicon: the browser's own request for one 404s, which no page asked for.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.problems.append(f"console error {message.text!r} on {self.page.url}")

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        self.page.wait_for_load_state("networkidle")
        self.assert_clean()

    def assert_clean(self) -> None:
        recorded = self.page.evaluate("window.__cspViolations")
        assert recorded == [] and self.violations == [], f"CSP violations: {recorded or self.violations}"
        assert self.problems == [], "\n".join(self.problems)


def log_in(watch: Watch) -> None:
    page = watch.page
    watch.visit("/dashboard/login/")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def staff_pages(watch: Watch, job_id: str, application_id: int, offer_id: int) -> None:
    for path in (
        "/dashboard/",
        "/dashboard/jobs/",
        f"/dashboard/jobs/{job_id}/",
        f"/dashboard/jobs/{job_id}/edit/",
        "/dashboard/applications/",
        "/dashboard/offers/",
        f"/dashboard/offers/{offer_id}/",
        f"/dashboard/offers/{offer_id}/edit/",
        "/dashboard/budgets/",
        "/dashboard/company/",
        "/dashboard/company/terms/",
        "/dashboard/company/payment/",
        "/dashboard/keys/",
        "/dashboard/team/",
        "/dashboard/password/",
    ):
        watch.visit(path)


def htmx_still_searches_cities_and_decides_applications(watch: Watch, application_id: int) -> None:
    page = watch.page
    watch.visit("/dashboard/jobs/new/")
    page.get_by_label("Find a city").fill("Austin")
    expect(page.get_by_role("checkbox", name="Austin, Texas, United States", exact=True)).to_be_visible()
    watch.visit(f"/dashboard/applications/{application_id}/")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#application-status")).to_have_text("Accepted")
    watch.assert_clean()


def the_offer_form_counts_visible_characters(watch: Watch) -> None:
    page = watch.page
    watch.visit("/dashboard/offers/new/")
    counter = page.locator("#description-counter")
    expect(counter).to_be_visible()  # shown by static/js/offer-form.js
    page.get_by_label("Description").fill("<p>Hello <b>world</b></p>")
    expect(page.locator("#description-count")).to_have_text("11")
    watch.assert_clean()


def the_key_issued_page_copies_and_selects_the_key(watch: Watch, base_url: str) -> None:
    page = watch.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    watch.visit("/dashboard/keys/")
    page.get_by_label("Label (optional)").fill("Careers site")
    page.get_by_role("button", name="Issue key").click()
    expect(page.get_by_text("It will never be shown again")).to_be_visible()
    key = page.locator("#new-key").inner_text().strip()
    copy = page.get_by_role("button", name="Copy key")
    expect(copy).to_be_visible()  # hidden until static/js/key-issued.js finds the clipboard API
    copy.click()
    expect(page.locator("#copy-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == key
    page.locator("#new-key").click()
    assert page.evaluate("getSelection().toString()").strip() == key
    watch.assert_clean()


def visitor_pages(watch: Watch, job_id: str, offer_id: int, company_slug: str) -> None:
    for path in ("/", f"/jobs/{job_id}", f"/jobs/{job_id}/apply", f"/offers/{offer_id}", f"/companies/{company_slug}"):
        watch.visit(path)
        if path.startswith("/offers/"):
            expect(watch.page.get_by_role("heading", name=OFFER_TITLE, level=1)).to_be_visible()
            expect(watch.page.locator(".posting-description b")).to_have_text("robots")


def the_api_docs_render(watch: Watch) -> None:
    watch.visit("/api/docs/")
    expect(watch.page.locator(".opblock").first).to_be_visible()
    expect(watch.page.get_by_text("/api/external/v1/jobs").first).to_be_visible()
    watch.assert_clean()


def admin_pages(watch: Watch, offer_id: int, application_id: int) -> None:
    page = watch.page
    watch.visit("/admin/login/")
    page.get_by_label("Email").fill("root@x.example")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    for path in (
        "/admin/",
        "/admin/offers/offer/",
        f"/admin/offers/offer/{offer_id}/change/",
        "/admin/jobs/application/",
        f"/admin/jobs/application/{application_id}/change/",
        "/admin/jobs/job/",
        "/admin/companies/company/",
        "/admin/auth/user/add/",
        "/admin/statistics/",
    ):
        watch.visit(path)


def injected_markup_is_refused(watch: Watch) -> None:
    """The watch would see a violation: an inline style and an inline script added to a page are both refused."""
    watch.page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.setAttribute("style", "color: red");
            document.body.append(box);
            const script = document.createElement("script");
            script.textContent = "window.__ranInline = true";
            document.body.append(script);
        }"""
    )
    watch.page.wait_for_function("window.__cspViolations.length >= 2")
    assert watch.page.evaluate("window.__ranInline") is None
    refused = watch.page.evaluate("window.__cspViolations")
    assert any(v.startswith("style-src") for v in refused) and any(v.startswith("script-src") for v in refused)


def test_no_page_logs_an_error_or_a_csp_violation(web, locations, owner_company, owner_staff, create_job):
    job_id = create_job(publish=True)["id"]
    application = application_submit(
        job_id=job_id, candidate_name="Ada Lovelace", email="ada@example.com", answers={}, met_qualification_ids=[]
    )
    body = offer_body(title=OFFER_TITLE, description="<p>Help us build <b>robots</b>.</p>")
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": owner_company.pk})
    get_user_model().objects.create_superuser(username=ADMIN_USERNAME, email="root@x.example", password=ADMIN_PASSWORD)

    staff = Watch(web.page("staff", viewport=DESKTOP))
    log_in(staff)
    staff_pages(staff, job_id, application.pk, offer.pk)
    htmx_still_searches_cities_and_decides_applications(staff, application.pk)
    the_offer_form_counts_visible_characters(staff)
    the_key_issued_page_copies_and_selects_the_key(staff, web.base_url)

    visitor = Watch(web.page("visitor", viewport=DESKTOP))
    visitor_pages(visitor, job_id, offer.pk, owner_company.slug)
    the_api_docs_render(visitor)

    admin_pages(Watch(web.page("admin", viewport=DESKTOP)), offer.pk, application.pk)

    injected_markup_is_refused(visitor)
