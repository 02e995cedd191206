"""Keyset pages of a ranked board search run through the ranked newest matches and then the older ones: every
match exactly once, also where jobs and offers share a publish time; a page link from a search followed
without it (or the reverse) never fails."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from jobboard.board import board_page
from jobs.models import Job
from offers.models import Offer


@pytest.fixture
def tied(create_job, offer_of, second_company, monkeypatch):
    """Seventeen postings matching "engineer" at three publish times, four jobs and one or two offers per time shared
    by jobs and offers; four candidates per kind are ranked, the rest follow by date."""
    monkeypatch.setattr("plumbing.ranking.CANDIDATES", 4)
    base = timezone.now() - timedelta(hours=1)
    for i in range(12):
        job = create_job(title=" ".join(["Engineer"] * (1 + i % 3)) + f" job {i}", publish=True)
        Job.objects.filter(pk=job["id"]).update(published_at=base - timedelta(minutes=i % 3))
    for i in range(5):
        offer = offer_of(second_company, title=" ".join(["Engineer"] * (1 + i % 2)) + f" offer {i}")
        Offer.objects.filter(pk=offer.pk).update(publish_date=base - timedelta(minutes=i % 3))


def walk(query: str, *, limit: int = 4, first_cursor: str | None = None) -> list[str]:
    titles, cursor = [], first_cursor
    while True:
        page = board_page(params=QueryDict(query), now=timezone.now(), cursor=cursor, limit=limit)
        titles += [posting.item.title for posting in page.postings]
        cursor = page.next_cursor
        if cursor is None:
            return titles


@pytest.mark.parametrize("limit", [1, 4, 7])
def test_a_ranked_search_with_shared_publish_times_pages_through_every_match_once(tied, limit):
    titles = walk("q=engineer", limit=limit)
    assert len(titles) == len(set(titles)) == 17
    assert titles == walk("q=engineer", limit=100)


@pytest.mark.parametrize("limit", [1, 4, 7])
def test_the_board_without_a_search_pages_through_shared_publish_times_once_in_date_order(tied, limit):
    titles = walk("", limit=limit)
    assert len(titles) == len(set(titles)) == 17
    assert titles == walk("", limit=100)


def test_page_links_of_a_search_followed_without_it_and_the_reverse_answer_a_page(tied):
    for query, other in (("q=engineer", ""), ("", "q=engineer")):
        first = board_page(params=QueryDict(query), now=timezone.now(), limit=4)
        deep = board_page(params=QueryDict(query), now=timezone.now(), cursor=first.next_cursor, limit=4)
        older = board_page(params=QueryDict(query), now=timezone.now(), cursor=deep.next_cursor, limit=4)
        for cursor in (first.next_cursor, deep.next_cursor, older.next_cursor):
            response = Client().get("/", QueryDict(other).dict() | {"after": cursor})
            assert response.status_code == 200
