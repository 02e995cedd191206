"""sitemap.xml: an index of sections listing exactly the visible postings, their companies and the board."""

from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_create, company_set_blocked
from jobboard.sitemaps import JobSitemap
from jobs.models import Job, Location
from offers.models import Offer
from tests.jobboard.conftest import SITEMAP_NS, sitemap_urls

BASE = "http://testserver"
SECTIONS = ["board", "jobs", "offers", "companies"]


def ns(path: str) -> str:
    return "/".join(f"{{{SITEMAP_NS}}}{part}" for part in path.split("/"))


def index_locs(**request_options) -> list[str]:
    response = Client().get("/sitemap.xml", **request_options)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ElementTree.fromstring(response.content).iterfind(ns("sitemap/loc"))]


def section_entries(section: str) -> dict[str, ElementTree.Element]:
    response = Client().get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return {url.findtext(ns("loc")): url for url in ElementTree.fromstring(response.content).iterfind(ns("url"))}


@pytest.fixture
def postings(owner_company, other_company, create_job, offer_of):
    """Owner Co: a live job, a draft and a live offer. Other Co: an offer not yet published. Blocked Co: had a
    live offer."""
    job = Job.objects.get(pk=create_job(title="Live Job", publish=True)["id"])
    create_job(title="Draft Job")
    offer = offer_of(owner_company, title="Live Offer")
    offer_of(other_company, title="Scheduled Offer", publishDate=(timezone.now() + timedelta(days=1)).isoformat())
    blocked = company_create(name="Blocked Co", accept_terms=True, payment_method=True)
    offer_of(blocked, title="Blocked Offer")
    company_set_blocked(company=blocked, blocked=True, admin_reason="Spam", actor=None)
    return job, offer


def test_the_index_lists_one_sitemap_per_section_at_absolute_urls(db):
    assert index_locs() == [f"{BASE}/sitemap-{section}.xml" for section in SECTIONS]


def test_the_sitemaps_list_exactly_the_board_the_visible_postings_and_their_companies(postings, owner_company):
    job, offer = postings
    assert sitemap_urls() == {
        f"{BASE}/",
        f"{BASE}/jobs/{job.pk}",
        f"{BASE}/offers/{offer.pk}",
        f"{BASE}/companies/{owner_company.slug}",
    }


def test_a_company_with_only_an_offer_is_listed(other_company, offer_of):
    offer = offer_of(other_company, title="Only Offer")
    assert sitemap_urls() == {f"{BASE}/", f"{BASE}/offers/{offer.pk}", f"{BASE}/companies/{other_company.slug}"}


def test_an_empty_board_lists_the_board_only(db):
    assert sitemap_urls() == {f"{BASE}/"}


def lastmod(entry: ElementTree.Element) -> date:
    # Django's sitemap template writes the day (a valid W3C date); the index writes the full time.
    return date.fromisoformat(entry.findtext(ns("lastmod")))


def test_postings_and_companies_carry_their_last_change_as_lastmod(postings, owner_company):
    job, offer = postings
    job.refresh_from_db()
    assert lastmod(section_entries("jobs")[f"{BASE}/jobs/{job.pk}"]) == job.updated_at.date()
    assert lastmod(section_entries("offers")[f"{BASE}/offers/{offer.pk}"]) == offer.updated_at.date()
    # A company keeps no time of its own: its last change is its newest visible posting's.
    newest = max(job.updated_at, offer.updated_at)
    assert lastmod(section_entries("companies")[f"{BASE}/companies/{owner_company.slug}"]) == newest.date()
    assert lastmod(section_entries("board")[f"{BASE}/"]) == newest.date()


def test_the_index_carries_each_sections_latest_change(postings):
    job, offer = postings
    job.refresh_from_db()
    index = ElementTree.fromstring(Client().get("/sitemap.xml").content)
    latest = {
        entry.findtext(ns("loc")): datetime.fromisoformat(entry.findtext(ns("lastmod")))
        for entry in index.iterfind(ns("sitemap"))
    }
    newest = max(job.updated_at, offer.updated_at)
    assert latest == {
        f"{BASE}/sitemap-board.xml": newest,
        f"{BASE}/sitemap-jobs.xml": job.updated_at,
        f"{BASE}/sitemap-offers.xml": offer.updated_at,
        f"{BASE}/sitemap-companies.xml": newest,
    }


def test_urls_follow_the_protocol_of_the_request(postings):
    assert index_locs(secure=True)[0] == "https://testserver/sitemap-board.xml"
    assert all(url.startswith("https://testserver/") for url in sitemap_urls(secure=True))


def test_a_section_past_its_page_size_continues_on_numbered_pages(create_job, monkeypatch):
    # 50,000 URLs a page in production; two here, so five jobs take three pages.
    monkeypatch.setattr(JobSitemap, "limit", 2)
    jobs = {f"{BASE}/jobs/{create_job(title=f'Job {n}', publish=True)['id']}" for n in range(5)}
    assert [loc for loc in index_locs() if "jobs" in loc] == [
        f"{BASE}/sitemap-jobs.xml",
        f"{BASE}/sitemap-jobs.xml?p=2",
        f"{BASE}/sitemap-jobs.xml?p=3",
    ]
    assert {url for url in sitemap_urls() if "/jobs/" in url} == jobs


@pytest.mark.parametrize("path", ["/sitemap-nothing.xml", "/sitemap-jobs.xml?p=9", "/sitemap-jobs.xml?p=x"])
def test_an_unknown_section_or_page_is_not_found(db, path):
    assert Client().get(path).status_code == 404


def _sitemap_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert len(sitemap_urls()) > 0
    return len(queries)


def test_sitemap_query_count_does_not_grow_with_postings_or_companies(create_job, offer_of, locations):
    places = [{"locationId": pk} for pk in Location.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    create_job(title="Job 0", locations=places, publish=True)
    first = company_create(name="Offers 0", accept_terms=True, payment_method=True)
    offer_of(first, title="Offer 0")
    few = _sitemap_queries()

    for number in range(1, 15):
        create_job(title=f"Job {number}", locations=places, publish=True)
    for number in range(1, 6):
        offer_of(company_create(name=f"Offers {number}", accept_terms=True, payment_method=True), title="Offer")
    assert Offer.objects.count() == 6
    assert _sitemap_queries() == few
