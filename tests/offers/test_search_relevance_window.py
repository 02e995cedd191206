"""A ranked search orders the newest matches by relevance and lists the older matches after them, newest
first, so a common word never ranks every match; pages still return every match exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_create
from plumbing.times import iso_z


@pytest.fixture
def matches(make_offer, monkeypatch):
    """Twelve offers matching "engineer" across three companies (five concurrent offers each at most): the
    newest five are the ranked candidates; relevance grows with how often the title says the word."""
    monkeypatch.setattr("plumbing.ranking.CANDIDATES", 5)
    now = timezone.now()
    companies = [company_create(name=f"Tier {i}", accept_terms=True, payment_method=True) for i in range(3)]
    offers = {}
    for i in range(12):
        title = " ".join(["Engineer"] * (1 + i % 4)) + f" {i}"
        offer = make_offer(
            target=companies[i % 3],
            title=title,
            publishDate=iso_z(now - timedelta(minutes=i + 1)),
            now=now - timedelta(minutes=30),
        )
        offers[offer.pk] = (i, title)
    return offers


def all_pages(anon, **params) -> list[dict]:
    results, token = [], None
    while True:
        page = anon.get("/offers", limit=3, **params, **({"queryToken": token} if token else {})).json()
        results += page["results"]
        token = page["queryToken"]
        if not token:
            return results


def test_paging_a_ranked_search_returns_every_match_once(anon, matches):
    results = all_pages(anon, value="engineer")
    assert sorted(int(r["id"]) for r in results) == sorted(matches)


def test_the_newest_matches_come_first_by_relevance_then_the_older_ones_newest_first(anon, matches):
    results = all_pages(anon, value="engineer")
    ages = [matches[int(r["id"])][0] for r in results]
    assert sorted(ages[:5]) == [0, 1, 2, 3, 4]
    repeats = [matches[int(r["id"])][1].count("Engineer") for r in results[:5]]
    assert repeats == sorted(repeats, reverse=True)
    assert ages[5:] == [5, 6, 7, 8, 9, 10, 11]
