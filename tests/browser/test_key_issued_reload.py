"""In a real browser: issuing a partner key shows it with a curl line that can be copied and run as it is; a
reload neither issues another key nor shows the key again."""

from playwright.sync_api import expect

from companies.models import PartnerKey
from companies.services import company_create, company_user_create

from .conftest import DESKTOP, PHONE

EMAIL, PASSWORD = "hiring@keys.example", "Keys-Hiring-2026"


def test_reloading_the_issued_key_page_issues_nothing_and_the_curl_line_copies(web):
    company = company_create(name="Keys Co", accept_terms=True, payment_method=True)
    company_user_create(email=EMAIL, password=PASSWORD, company=company)
    page = web.page("staff", viewport=DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web.base_url)
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()

    page.goto("/dashboard/keys/")
    page.get_by_label("Label (optional)").fill("Careers site")
    page.get_by_role("button", name="Issue key").click()
    expect(page.get_by_role("heading", name="Your new partner key")).to_be_visible()
    key = page.locator("#new-key").inner_text().strip()
    command = f"curl -H 'Authorization: Bearer {key}' {web.base_url}/api/external/v1/jobs"
    expect(page.locator("#try-key")).to_have_text(command)
    page.get_by_role("button", name="Copy command").click()
    expect(page.locator("#copy-command-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == command
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.reload()
    expect(page.get_by_text("This key was shown once; issue a new one if you lost it.")).to_be_visible()
    expect(page.get_by_text(key)).to_have_count(0)
    assert PartnerKey.objects.filter(company=company).count() == 1
