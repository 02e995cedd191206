"""Every page fits a 360 px wide phone: no page scrolls sideways, so no column of a table (a key's Revoke, a
colleague's Remove, an application's status) sits off screen. The walk covers every dashboard page that answers
GET, listed from the URL resolver (tests/jobboard/dashboard_urls.py) so a new page is walked the day it is added,
and every public page. axe-core checks each page at this width too (tests/browser/conftest.py)."""

from unittest import mock

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from companies.services import staff_invite
from jobboard.alert_links import manage_token, unsubscribe_url
from jobboard.models import SearchAlert
from tests.browser.conftest import PHONE
from tests.jobboard.conftest import owner_objects, owner_offer  # noqa: F401 (owner_objects: a fixture)
from tests.jobboard.dashboard_urls import dashboard_urls, url_path

STAFF_EMAIL, STAFF_PASSWORD = "staff@owner.example", "pw-owner-123"  # tests/conftest.py's owner_staff
INVITATION_TOKEN = "phone-width-invitation-token"
# What real offers carry and a phone cannot fit on one line: a long apply address, long words in the HTML.
LONG_APPLY_URL = (
    "https://careers.northwind-research-laboratories.example/apply/internships/2026/summer-backend?src=board"
)
LONG_DESCRIPTION = "<p>We use <code>northwind.pipelines.ingestion.normalisation.v2</code></p><pre>make setup</pre>"

# Dashboard URLs answering GET that are no page to look at: the city search's htmx fragment, and every CSV
# download (named …-csv).
NOT_PAGES = {"dashboard-location-search"}

# The first element, in document order, whose right edge is the page's: what widens the page (often text hidden
# for screen readers, positioned against the page rather than its scrolling table).
WIDEST_ELEMENT = """() => {
  const width = document.documentElement.scrollWidth;
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right;
    if (Math.ceil(right) >= width - 1) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + [...element.classList].map((c) => "." + c).join("");
      return `${name} (right edge at ${Math.round(right)} px): ${element.textContent.trim().slice(0, 60)}`;
    }
  }
  // Else text spilling out of its own box (a long word in a heading): the last such element is the innermost.
  const spilling = [...document.body.querySelectorAll("*")].filter(
    (element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible");
  const inner = spilling[spilling.length - 1];
  return inner ? `${inner.tagName.toLowerCase()} whose text spills out: ${inner.textContent.trim().slice(0, 60)}` : "";
}"""


def too_wide(web, page: Page, path: str, status: int = 200) -> str | None:
    """None if the page fits the phone, else what is wrong with it. axe checks the page before the walk goes on."""
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    web.wait_for_accessibility_check(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return None
    return f"{path} is {width} px wide; widest element: {page.evaluate(WIDEST_ELEMENT)}"


def public_paths(objects, company, invitation_token: str) -> list[str]:
    job, offer = objects.job, objects.offer
    alert = SearchAlert.objects.create(
        email="phone@alerts.example",
        query="q=engineer",
        frequency="DAILY",
        created_at=timezone.now(),
        confirm_token_hash="0" * 64,
    )
    return [
        reverse("home"),
        f"{reverse('home')}?q=engineer",
        reverse("job-detail", args=[job.pk]),
        reverse("job-apply", args=[job.pk]),
        reverse("offer-detail", args=[offer.pk]),
        reverse("company-detail", args=[company.slug]),
        reverse("dashboard-login"),
        reverse("dashboard-password-reset"),
        reverse("dashboard-password-reset-done"),
        reverse("dashboard-password-reset-confirm", args=[objects.reset_uid, objects.reset_token]),
        reverse("dashboard-password-reset-complete"),
        reverse("invitation-accept", args=[invitation_token]),
        reverse("signup"),
        reverse("signup-sent"),
        f"{reverse('alert-new')}?q=engineer&kind=job",
        unsubscribe_url(alert.pk).removeprefix("http://testserver"),
        reverse("alert-manage", args=[manage_token(alert.email)]),
    ]


def staff_paths(objects) -> list[str]:
    return [
        url_path(url, objects)
        for url in dashboard_urls()
        if url.accepts_get and not url.is_public and url.name not in NOT_PAGES and not url.name.endswith("-csv")
    ]


def log_in(page: Page) -> None:
    page.goto(reverse("dashboard-login"))
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def test_every_dashboard_and_public_page_fits_360_px(web, owner_company, owner_staff, owner_objects):  # noqa: F811
    with mock.patch("companies.services.secrets.token_urlsafe", return_value=INVITATION_TOKEN):
        staff_invite(company=owner_company, email="new@owner.example", invited_by=owner_staff)

    long_offer = owner_offer(owner_company, applyURL=LONG_APPLY_URL, description=LONG_DESCRIPTION)

    # Public pages first: signing in changes the staff member's last login, which voids the reset link.
    visitor = web.page("visitor", viewport=PHONE)
    problems = [too_wide(web, visitor, path) for path in public_paths(owner_objects, owner_company, INVITATION_TOKEN)]
    problems.append(too_wide(web, visitor, reverse("invitation-accept", args=["no-such-invitation"]), status=404))
    problems.append(too_wide(web, visitor, reverse("offer-detail", args=[long_offer.pk])))

    staff = web.page("staff", viewport=PHONE)
    log_in(staff)
    paths = staff_paths(owner_objects)
    assert reverse("dashboard-keys") in paths and reverse("dashboard-team") in paths
    problems += [too_wide(web, staff, path) for path in paths]
    problems.append(too_wide(web, staff, reverse("dashboard-offer", args=[long_offer.pk])))

    problems = [problem for problem in problems if problem]
    assert problems == [], "Pages wider than a 360 px phone:\n" + "\n".join(problems)
