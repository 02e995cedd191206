"""The reads that grow with the data (the partner list, the board, search) touch a number of rows bounded by
the page size, whatever the number of postings: asserted from the plans PostgreSQL runs (EXPLAIN ANALYZE,
FORMAT JSON) on a seeded database larger than every bound, so a regression fails without timing anything.

At this seeded size PostgreSQL may rightly prefer reading a 3,000-row table whole; the plans are taken with
sequential scans discouraged (enable_seqscan off), so each test checks that an index can answer the read within its
bound, which is what holds at any size. A read no index can answer still scans, and fails.

The data is seeded once per module and committed, then VACUUM ANALYZEd, as autovacuum would leave a live database.
Seeded inside each test's transaction instead, the statistics were rolled back with it while the table sizes
ANALYZE records (pg_class) were not, so the plans depended on which tests ran before: one order read a rare
word's 3,000 candidates through the date index instead of its three through the GIN index."""

import random
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_create
from jobboard.board import COUNT_CAP, PAGE_SIZE, board_page
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.search_index import jobs_refresh_search_vectors
from jobs.selectors import job_rows_for_company
from offers.actors import ANONYMOUS
from offers.models import Offer
from offers.search_index import offers_refresh_search_vectors
from offers.selectors import OfferSearch, offers_search
from plumbing.ranking import CANDIDATES

# More of each kind than any bound below, so a plan that reads everything cannot pass.
SIZE = 3 * COUNT_CAP
WORDS = "python django data platform cloud security frontend backend mobile product design sales".split()
BIG_TABLES = {"jobs_job", "offers_offer"}


@pytest.fixture(scope="module")
def seeded_and_analyzed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        partner, others = seed()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE jobs_job, offers_offer, companies_company")
        yield partner
        companies = [partner, *others]
        Job.objects.filter(company__in=companies).delete()
        Offer.objects.filter(company__in=companies).delete()
        for company in companies:
            company.delete()


@pytest.fixture
def seeded(seeded_and_analyzed, db):
    return seeded_and_analyzed


def seed():
    rng = random.Random(7)
    now = timezone.now()
    partner = company_create(name="Big Partner", accept_terms=True, payment_method=True)
    others = [company_create(name=f"Offerer {i}", accept_terms=True, payment_method=True) for i in range(3)]

    def title(i: int, tail: str) -> str:
        # Every posting says "engineer" (the common word); a handful also say "zyxwarbler" (the rare one).
        return " ".join(rng.sample(WORDS, 3)) + (" zyxwarbler" if i % 1000 == 0 else "") + f" engineer {tail}"

    Job.objects.bulk_create(
        Job(
            company=partner,
            title=title(i, "role"),
            description="We build " + " ".join(rng.sample(WORDS, 8)),
            status=JobStatus.ACTIVE,
            published_at=now - timedelta(minutes=i),
            expires_at=now + timedelta(days=30),
            bid_per_qualified_applicant_cents=500,
        )
        for i in range(SIZE)
    )
    Offer.objects.bulk_create(
        Offer(
            company=others[i % 3],
            title=title(i, "intern"),
            publish_date=now - timedelta(minutes=i),
            publish_end_date=now + timedelta(days=60),
            job_min_duration=1,
            description="<p>" + " ".join(rng.sample(WORDS, 8)) + "</p>",
            job_type="FULL-TIME",
            location="Porto",
        )
        for i in range(SIZE)
    )
    jobs_refresh_search_vectors(jobs=Job.objects.all())
    offers_refresh_search_vectors(offers=Offer.objects.all())
    return partner, others


def plans_of(run, *, discourage_sequential_scans: bool = True) -> list[dict]:
    """The executed plan of every query `run` sends, each with its SQL under "sql"."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET enable_seqscan = {'off' if discourage_sequential_scans else 'on'}")
    try:
        with CaptureQueriesContext(connection) as captured:
            run()
        plans = []
        for query in captured.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plans.append({**cursor.fetchone()[0][0]["Plan"], "sql": query["sql"]})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    return plans


def first_page(queryset) -> list:
    return list(queryset[: PAGE_SIZE + 1])


def is_count(plan: dict) -> bool:
    return plan["sql"].startswith("SELECT COUNT(*)")


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def rows_read(node: dict) -> int:
    """Rows a node produced or looked at and threw away, over all its loops."""
    removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
    return int((node["Actual Rows"] + removed) * node["Actual Loops"])


def most_rows_read(plan: dict) -> int:
    return max(rows_read(node) for node in nodes(plan))


def sequential_scans_of_big_tables(plan: dict) -> list[str]:
    scans = (node["Relation Name"] for node in nodes(plan) if node["Node Type"] == "Seq Scan")
    return [name for name in scans if name in BIG_TABLES]


def test_the_partner_list_reads_one_page_of_a_large_company_through_an_index(seeded):
    plans = plans_of(partial(first_page, job_rows_for_company(company=seeded)))
    jobs_plan = plans[0]
    assert any(n["Node Type"] == "Index Scan" and n.get("Relation Name") == "jobs_job" for n in nodes(jobs_plan))
    assert sequential_scans_of_big_tables(jobs_plan) == []
    assert most_rows_read(jobs_plan) <= 2 * (PAGE_SIZE + 1)


@pytest.mark.parametrize("query", ["", "kind=job", "q=engineer", "q=zyxwarbler"])
def test_a_board_page_reads_a_bounded_number_of_rows_and_walks_indexes_for_its_rows(seeded, query):
    now = timezone.now()
    first = board_page(params=QueryDict(query), now=now)
    assert first.next_cursor or query == "q=zyxwarbler"
    for cursor in (None, first.next_cursor):
        page = partial(board_page, params=QueryDict(query), now=now, cursor=cursor)
        for plan in plans_of(page):
            if not is_count(plan):
                assert sequential_scans_of_big_tables(plan) == [], plan["sql"]
                # The ranked query may look its candidates up twice (the planner's choice), hence the factor.
                assert most_rows_read(plan) <= 2 * (CANDIDATES + PAGE_SIZE + 1), plan["sql"]
        # The "1000+" count reads up to its cap, as the planner chooses (a bitmap would read every match at once).
        for plan in plans_of(page, discourage_sequential_scans=False):
            if is_count(plan):
                assert most_rows_read(plan) <= COUNT_CAP + 1, plan["sql"]
    assert first.count == COUNT_CAP if query in ("", "kind=job", "q=engineer") else first.count < 10
    assert first.count_is_capped is (query != "q=zyxwarbler")


def test_a_board_page_without_search_reads_about_one_page_of_each_kind(seeded):
    plans = plans_of(partial(board_page, params=QueryDict(""), now=timezone.now()))
    job_rows, offer_rows = plans[0], plans[1]
    assert most_rows_read(job_rows) <= 2 * (PAGE_SIZE + 1)
    assert most_rows_read(offer_rows) <= 2 * (PAGE_SIZE + 1)


def rows_from(plan: dict, table: str) -> int:
    return sum(rows_read(node) for node in nodes(plan) if node.get("Relation Name") == table)


@pytest.mark.parametrize("query", ["", "q=zyxwarbler"])
def test_a_board_page_counts_jobs_and_offers_in_one_query_that_stops_at_the_cap(seeded, query):
    page = partial(board_page, params=QueryDict(query), now=timezone.now())
    counts = [plan for plan in plans_of(page, discourage_sequential_scans=False) if is_count(plan)]
    assert len(counts) == 1
    jobs, offers = rows_from(counts[0], "jobs_job"), rows_from(counts[0], "offers_offer")
    if query == "":
        # 3,000 visible jobs fill the cap: not one offer is read to count it (the union's parts are read in turn).
        assert COUNT_CAP < jobs and offers == 0
    else:
        # Three jobs and three offers say it: the jobs fall short of the cap, so the offers are read too.
        assert 0 < jobs < 10 and 0 < offers < 10
    assert board_page(params=QueryDict(query), now=timezone.now()).count_is_capped is (query != "q=zyxwarbler")


@pytest.mark.parametrize("value", ["engineer", "zyxwarbler"])
def test_offers_search_ranks_a_bounded_set_of_matches_through_indexes(seeded, value):
    search = OfferSearch(value=value, limit=PAGE_SIZE)
    plans = plans_of(partial(offers_search, actor=ANONYMOUS, search=search, now=timezone.now()))
    for plan in plans:
        assert sequential_scans_of_big_tables(plan) == []
        assert most_rows_read(plan) <= CANDIDATES + PAGE_SIZE + 1
