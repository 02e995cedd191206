"""RSS and Atom feeds of new postings: what a feed reader gets, for any search of the board."""

import calendar
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_create, company_set_blocked, company_set_disabled
from jobs.models import Job, Location
from jobs.services.budgets import company_budget_set
from jobs.services.jobs import job_close, job_pause
from offers.actors import GOD
from offers.models import Offer
from offers.services.offers import offer_archive, offer_disable, offer_hide
from tests.jobboard.conftest import sitemap_urls

FEEDS = ["/feeds/rss/", "/feeds/atom/"]
BASE = "http://testserver"


def read_feed(path: str, params=None) -> feedparser.FeedParserDict:
    response = Client().get(path, params or {})
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def titles(path: str, params=None) -> set[str]:
    return {entry.title for entry in read_feed(path, params).entries}


def published(entry) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(entry.published_parsed), tz=UTC)


@pytest.fixture
def live(create_job, owner_company, offer_of) -> tuple[Job, Offer]:
    job = Job.objects.get(pk=create_job(title="Platform Engineer", publish=True)["id"])
    offer = offer_of(owner_company, title="Data Intern", fields=["DATA SCIENCE"], technologies=["Python"])
    return job, offer


@pytest.mark.parametrize("path", FEEDS)
def test_a_visible_job_and_offer_are_items_with_title_link_date_author_and_categories(live, path):
    job, offer = live
    entries = {entry.title: entry for entry in read_feed(path).entries}
    assert set(entries) == {"Platform Engineer at Owner Co", "Data Intern at Owner Co"}

    job_entry, offer_entry = entries["Platform Engineer at Owner Co"], entries["Data Intern at Owner Co"]
    assert job_entry.link == f"{BASE}/jobs/{job.pk}"
    assert offer_entry.link == f"{BASE}/offers/{offer.pk}"
    assert job_entry.id == job_entry.link and offer_entry.id == offer_entry.link
    assert published(job_entry) == job.published_at.replace(microsecond=0)
    assert published(offer_entry) == offer.publish_date.replace(microsecond=0)
    assert job_entry.author == offer_entry.author == "Owner Co"
    assert {tag.term for tag in job_entry.tags} == {"Full time", "Hybrid"}
    assert {tag.term for tag in offer_entry.tags} == {"Summer internship", "Data science", "Python"}


@pytest.mark.parametrize("path", FEEDS)
def test_item_summaries_are_plain_text_with_company_place_type_and_pay(live, path):
    entries = {entry.title: entry for entry in read_feed(path).entries}
    job_summary = entries["Platform Engineer at Owner Co"].summary
    assert "Owner Co · Hybrid: Austin, Texas, United States · Full time · $100,000–$150,000 per year" in job_summary
    assert "Build APIs." in job_summary
    offer_summary = entries["Data Intern at Owner Co"].summary
    assert "Owner Co · Porto, Portugal · Summer internship · Data science" in offer_summary
    # The offer's description is HTML (<p>Work on <b>APIs</b>.</p>): the summary keeps its words only.
    assert "Work on APIs." in offer_summary
    assert "<b>" not in offer_summary and "&lt;b&gt;" not in offer_summary


def rss_descriptions() -> dict[str, str]:
    """Each RSS item's <description> as a feed reader receives it: HTML, to render."""
    channel = ElementTree.fromstring(Client().get("/feeds/rss/").content).find("channel")
    return {item.findtext("title"): item.findtext("description") for item in channel.iterfind("item")}


def test_a_job_description_runs_no_markup_in_a_feed(create_job):
    create_job(title="Web Engineer", description="Know <script>alert(1)</script> & <div> layouts", publish=True)
    description = rss_descriptions()["Web Engineer at Owner Co"]
    assert "<p>Know &amp; layouts</p>" in description
    assert "<script" not in description and "alert" not in description


def test_an_offer_description_keeps_its_words_and_characters_without_its_tags(owner_company, offer_of):
    offer_of(owner_company, title="Lab Intern", description="<p>Join our <b>R&amp;D</b> team</p><ul><li>Now</li></ul>")
    description = rss_descriptions()["Lab Intern at Owner Co"]
    assert description.endswith("<p>Join our R&amp;D team Now</p>")


@pytest.mark.parametrize("path", FEEDS)
def test_items_come_newest_first_even_for_a_search(create_job, path):
    for title in ("Engineer One", "Engineer Two", "Engineer Three"):
        create_job(title=title, publish=True)
    entries = read_feed(path, {"q": "engineer"}).entries
    assert [entry.title for entry in entries] == [
        "Engineer Three at Owner Co",
        "Engineer Two at Owner Co",
        "Engineer One at Owner Co",
    ]
    assert [published(entry) for entry in entries] == sorted((published(entry) for entry in entries), reverse=True)


@pytest.mark.parametrize("path", FEEDS)
def test_the_feed_without_filters_is_titled_new_jobs_and_offers_and_links_to_the_board(live, path):
    feed = read_feed(path).feed
    assert feed.title == "New jobs and offers"
    assert feed.link == f"{BASE}/"


@pytest.mark.parametrize("path", FEEDS)
def test_the_feed_of_a_search_is_titled_by_its_words_and_links_to_the_same_search(live, path):
    feed = read_feed(path, {"q": "platform", "type": "full_time"}).feed
    assert feed.title == "New postings matching “platform”"
    assert feed.link == f"{BASE}/?q=platform&type=full_time"
    assert "Full time" in (feed.get("subtitle") or feed.get("description"))


def test_the_rss_feed_names_itself_with_its_search(live):
    response = Client().get("/feeds/rss/", {"kind": "offer"})
    assert b'<atom:link href="http://testserver/feeds/rss/?kind=offer" rel="self"' in response.content
    assert read_feed("/feeds/rss/", {"kind": "offer"}).feed.title == "New offers"


@pytest.mark.parametrize("path", FEEDS)
def test_kind_offer_lists_offers_only(live, path):
    assert titles(path, {"kind": "offer"}) == {"Data Intern at Owner Co"}
    assert titles(path, {"kind": "job"}) == {"Platform Engineer at Owner Co"}


@pytest.mark.parametrize("path", FEEDS)
def test_a_search_word_from_one_title_lists_that_posting_only(live, path):
    assert titles(path, {"q": "platform"}) == {"Platform Engineer at Owner Co"}
    assert titles(path, {"q": "intern"}) == {"Data Intern at Owner Co"}
    assert titles(path, {"q": "zeppelin"}) == set()


@pytest.mark.parametrize("path", FEEDS)
def test_type_internship_lists_internship_jobs_and_internship_offers(live, create_job, path):
    create_job(title="Intern Engineer", jobType="INTERNSHIP", publish=True)
    assert titles(path, {"type": "internship"}) == {"Intern Engineer at Owner Co", "Data Intern at Owner Co"}
    assert titles(path, {"type": "internship", "kind": "job"}) == {"Intern Engineer at Owner Co"}


@pytest.mark.parametrize("path", FEEDS)
def test_offer_fields_and_technologies_filter_the_feed(live, owner_company, offer_of, path):
    offer_of(owner_company, title="Frontend Intern", fields=["FRONTEND"], technologies=["React"])
    assert titles(path, {"fields": ["FRONTEND"]}) == {"Frontend Intern at Owner Co"}
    assert titles(path, {"technologies": ["Python", "React"]}) == {
        "Data Intern at Owner Co",
        "Frontend Intern at Owner Co",
    }


def param_id(params: dict) -> str:
    name, value = next(iter(params.items()))
    return f"{name}={repr(value)[:20]}"


@pytest.mark.parametrize("path", FEEDS)
@pytest.mark.parametrize(
    "params",
    [
        {"kind": "spaceship"},
        {"type": "gig"},
        {"workplace": "moon"},
        {"salary_min": "lots"},
        {"salary_min": "1e999"},
        {"salary_min": "-5"},
        {"posted_within": "9999"},
        {"fields": ["NOT A FIELD"]},
        {"technologies": ["COBOL++"]},
        {"q": "plat\x00form"},
        {"location": "Aus\x00tin"},
        {"q": "x" * 20_000},
        {"location": "y" * 20_000},
    ],
    ids=param_id,
)
def test_invalid_nul_or_huge_filter_values_are_ignored_not_an_error(live, path, params):
    feed = read_feed(path, params)
    assert {entry.title for entry in feed.entries} == {"Platform Engineer at Owner Co", "Data Intern at Owner Co"}
    # The ignored value is not echoed back into the feed's links.
    assert feed.feed.link == f"{BASE}/"


@pytest.mark.parametrize("path", FEEDS)
def test_an_empty_board_is_an_empty_feed(db, path):
    feed = read_feed(path)
    assert feed.entries == []
    assert feed.feed.title == "New jobs and offers"


@pytest.mark.parametrize("path", FEEDS)
def test_the_feeds_answer_get_only(live, path):
    assert Client().post(path).status_code == 405
    assert Client().head(path).status_code == 200


def _pause(job, company):
    job_pause(company=company, job_id=job.pk)


def _close(job, company):
    job_close(company=company, job_id=job.pk)


def _expire(job, company):
    # What the clock does: expiresAt passes, the status still reads ACTIVE until a sweep that never runs here.
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


def _fill_budget(job, company):
    company_budget_set(company=company, window="DAILY", budget_cents=0)


def _block_company(job, company):
    company_set_blocked(company=company, blocked=True, admin_reason="Spam", actor=None)


def _disable_company(job, company):
    company_set_disabled(company=company, disabled=True, actor=None)


JOB_HIDERS = [_pause, _close, _expire, _fill_budget, _block_company, _disable_company]


@pytest.mark.parametrize("make_invisible", JOB_HIDERS)
def test_a_job_that_stops_being_visible_leaves_both_feeds_and_the_sitemap_at_once(live, owner_company, make_invisible):
    job, offer = live
    job_url = f"{BASE}/jobs/{job.pk}"
    assert job_url in sitemap_urls()
    make_invisible(job, owner_company)
    for path in FEEDS:
        assert "Platform Engineer at Owner Co" not in titles(path)
    assert job_url not in sitemap_urls()
    if make_invisible in (_block_company, _disable_company):
        assert titles("/feeds/rss/") == set()
        assert f"{BASE}/companies/{owner_company.slug}" not in sitemap_urls()
    else:
        assert titles("/feeds/rss/") == {"Data Intern at Owner Co"}


def _hide(offer):
    offer_hide(actor=GOD, offer_id=offer.pk)


def _archive(offer):
    offer_archive(actor=GOD, offer_id=offer.pk)


def _end(offer):
    # Its window closes; the sweep that would stamp ended_at never runs here.
    Offer.objects.filter(pk=offer.pk).update(publish_end_date=timezone.now() - timedelta(seconds=1))


def _admin_block(offer):
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Misleading")


@pytest.mark.parametrize("make_invisible", [_hide, _archive, _end, _admin_block])
def test_an_offer_that_stops_being_visible_leaves_both_feeds_and_the_sitemap_at_once(live, make_invisible):
    _, offer = live
    offer_url = f"{BASE}/offers/{offer.pk}"
    assert offer_url in sitemap_urls()
    make_invisible(offer)
    for path in FEEDS:
        assert titles(path) == {"Platform Engineer at Owner Co"}
    assert offer_url not in sitemap_urls()


def test_a_scheduled_offer_is_not_in_the_feed_until_its_publish_date(owner_company, offer_of, time_machine):
    start = timezone.now() + timedelta(days=1)
    offer_of(owner_company, title="Later Intern", publishDate=start.isoformat())
    assert titles("/feeds/rss/") == set()
    time_machine.move_to(start + timedelta(seconds=1))
    assert titles("/feeds/rss/") == {"Later Intern at Owner Co"}


def _feed_queries(path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", FEEDS)
def test_feed_query_count_does_not_grow_with_postings_or_their_locations(create_job, offer_of, locations, path):
    places = [{"locationId": pk} for pk in Location.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    other = company_create(name="Second Co", accept_terms=True, payment_method=True)
    create_job(title="Job 0", locations=places, publish=True)
    offer_of(other, title="Offer 0")
    one_each = _feed_queries(path)

    for number in range(1, 15):
        create_job(title=f"Job {number}", locations=places, publish=True)
    for number in range(1, 4):
        offer_of(other, title=f"Offer {number}")
    assert len(read_feed(path).entries) == 19
    assert _feed_queries(path) == one_each


def test_control_characters_in_a_search_or_a_stored_title_never_break_the_feeds(client, owner_company, create_job):
    import feedparser

    from jobs.models import Job

    job = create_job(publish=True)
    Job.objects.filter(pk=job["id"]).update(title="Backend\x0b Engineer\x01")
    for url in ("/feeds/rss/", "/feeds/atom/"):
        response = client.get(url, {"q": "\x01", "location": "\x1b"})
        assert response.status_code == 200
        response = client.get(url)
        assert response.status_code == 200
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
        assert titles == ["Backend Engineer at Owner Co"]
