"""Keyset pages: every posting exactly once, newest first, and a deep page costs what the first one does."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jobboard.board import board_page
from tests.board.conftest import board_titles


def walk(client: Client, **params) -> list[list[str]]:
    """Follows "Next page" from the first page to the last; the titles of each page."""
    pages, url = [], "/"
    while url:
        page = client.get(url, params if url == "/" else None).content.decode()
        pages.append(re.findall(r'class="posting-title">\s*<a href="[^"]+">([^<]+)</a>', page))
        link = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = "/" + link.group(1).replace("&amp;", "&") if link else None
    return pages


@pytest.fixture
def many(create_job, owner_company, offer_of, second_company):
    for i in range(23):
        create_job(title=f"Job {i:02d}", publish=True)
    for i in range(5):
        offer_of(second_company, title=f"Offer {i}")


def test_walking_every_page_shows_each_posting_once_newest_first(many):
    pages = walk(Client())
    assert [len(p) for p in pages] == [20, 8]
    titles = [t for page in pages for t in page]
    assert len(titles) == len(set(titles)) == 28
    jobs = [t for t in titles if t.startswith("Job")]
    assert jobs == [f"Job {i:02d}" for i in reversed(range(23))]


def test_pages_keep_the_filters(many):
    pages = walk(Client(), kind="job")
    assert [len(p) for p in pages] == [20, 3] and all(t.startswith("Job") for p in pages for t in p)


def test_a_search_walks_by_rank_without_repeats(many):
    titles = [t for page in walk(Client(), q="job") for t in page]
    assert sorted(titles) == sorted(f"Job {i:02d}" for i in range(23))


def test_the_result_count_is_shown(many):
    assert "28 postings" in Client().get("/").content.decode()
    assert "23 postings match" in Client().get("/", {"kind": "job"}).content.decode()


def test_a_tampered_page_link_shows_the_first_page_with_a_notice(many):
    page = Client().get("/", {"after": "not-a-cursor"}).content.decode()
    assert "That page link is no longer valid" in page
    assert board_titles(after="not-a-cursor")[:1] == board_titles()[:1]


def queries_for(params, cursor=None) -> int:
    from django.utils import timezone

    with CaptureQueriesContext(connection) as ctx:
        page = board_page(params=params, now=timezone.now(), cursor=cursor, limit=5)
        [p.item.company.name for p in page.postings]
        [list(p.item.job_locations.all()) for p in page.postings if p.is_job]
    return len(ctx.captured_queries), page


def test_a_deep_page_costs_the_queries_of_the_first(many):
    first_count, page = queries_for({"kind": "job"})
    cursor = page.next_cursor
    for _ in range(3):
        count, page = queries_for({"kind": "job"}, cursor)
        cursor = page.next_cursor
    assert len(page.postings) == 5 and count == first_count


def test_queries_do_not_grow_with_postings_or_their_locations(create_job, owner_company, offer_of, locations):
    from jobs.models import Location

    places = [{"locationId": pk} for pk in Location.objects.values_list("pk", flat=True)[:4]]
    create_job(title="Job 0", publish=True)
    offer_of(owner_company, title="Offer 0")
    few, page = queries_for({})
    assert len(page.postings) == 2
    for i in range(1, 12):
        create_job(title=f"Job {i}", locations=places, publish=True)
    for i in range(1, 4):
        offer_of(owner_company, title=f"Offer {i}")
    many_count, page = queries_for({})
    assert {p.kind for p in page.postings} == {"job", "offer"} or len(page.postings) == 5
    assert many_count == few
