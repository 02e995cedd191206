"""On the embedded default (SQLite, as `bin/dev` serves it) the board's count, one query over both kinds, says
how many postings each search matches: the same number as counting each kind's matches on its own. The rest of
the suite runs on PostgreSQL, where the count's SQL differs (the union is read lazily up to its cap)."""

import json

from tests.jobboard.test_sqlite_concurrency import manage, sqlite_env

# Both kinds at once (the union) with each kind of filter, and each kind alone (a plain count).
QUERIES = [
    "",
    "q=engineer",
    "workplace=remote",
    "location=Austin",
    "type=internship",
    "posted_within=7",
    "q=nothingmatchesthis",
    "kind=job",
    "kind=offer",
]

COUNTS = """
import json
from django.http import QueryDict
from django.utils import timezone
from jobboard.board import board_page
from jobboard.filters import JobBoardFilter, OfferBoardFilter
from jobs.models import Job
from offers.models import Offer
now = timezone.now()
answer = {}
for query in %r:
    params = QueryDict(query)
    jobs = JobBoardFilter(params, queryset=Job.objects.publicly_visible(now=now), now=now).qs.count()
    offers = OfferBoardFilter(params, queryset=Offer.objects.publicly_visible(now=now), now=now).qs.count()
    page = board_page(params=params, now=now)
    answer[query] = [page.count, page.count_is_capped, jobs + offers]
print(json.dumps(answer))
"""


def test_the_board_counts_each_search_on_sqlite_as_counting_each_kind_would(tmp_path):
    env = sqlite_env(tmp_path / "db.sqlite3")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    counts = json.loads(manage(env, "shell", "-c", COUNTS % QUERIES))
    for query in QUERIES:
        shown, capped, expected = counts[query]
        assert (shown, capped) == (expected, False), query
    assert counts[""][0] > 20  # the demo board has more than one page, and both kinds
    assert 0 < counts["kind=job"][0] < counts[""][0] and 0 < counts["kind=offer"][0] < counts[""][0]
    assert counts["q=nothingmatchesthis"][0] == 0
