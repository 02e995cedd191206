"""An alert never disagrees with the board: for the same filters, its postings are the board's (those that became
visible since its watermark), because both run the board's own filter sets over the board's visibility."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from jobboard.selectors import alert_matches, alert_query
from tests.board.conftest import board_titles

pytestmark = pytest.mark.django_db

SEARCHES = [
    "",
    "q=python",
    "kind=offer",
    "kind=job",
    "workplace=remote",
    "type=internship",
    "fields=BACKEND",
    "salary_min=120000",
    "location=Porto",
    "q=engineer&workplace=onsite",
]


@pytest.fixture
def mixed_board(create_job, owner_company, offer_of):
    create_job(publish=True, title="Python Engineer", salaryMax=150000)
    create_job(
        publish=True,
        title="Remote Python Developer",
        remoteOption="REMOTE",
        remoteCountry="United States",
        locations=[],
        salaryMin=80000,
        salaryMax=90000,
    )
    create_job(publish=True, title="Onsite Rust Engineer", remoteOption="IN_PERSON")
    create_job(publish=True, title="Data Intern", jobType="INTERNSHIP")
    create_job(title="Python Draft")  # not published: on neither
    offer_of(owner_company, title="Backend Intern")
    offer_of(
        owner_company, title="Remote Python Grant", location="Remote", jobType="RESEARCH GRANT", fields=["DATA SCIENCE"]
    )


@pytest.mark.parametrize("query", SEARCHES)
def test_an_alert_holds_exactly_the_postings_the_board_shows_for_its_search(mixed_board, query):
    now = timezone.now()
    saved = alert_query(QueryDict(query))
    matches = alert_matches(query=saved, since=now - timedelta(hours=1), now=now, limit=100)
    alert_titles = [posting.item.title for posting in matches.postings]
    shown = board_titles(**QueryDict(query).dict())
    assert sorted(alert_titles) == sorted(shown)
    if "q=" not in query:  # without words the board is newest first too
        assert alert_titles == shown


def test_an_alert_leaves_out_what_was_published_before_its_watermark(mixed_board, create_job):
    since = timezone.now()
    create_job(publish=True, title="Python Engineer Two")
    matches = alert_matches(query="q=python", since=since, now=timezone.now())
    assert [posting.item.title for posting in matches.postings] == ["Python Engineer Two"]
