"""The public board: jobs and offers visible now, in one list, newest first (or best match first), in
keyset pages.

Each kind gives its first rows after the cursor, in the board's order, from an index walk (a ranked search
ranks a bounded set of the newest matches); the two short lists merge in Python, and two more queries load
those postings with what their cards show. A page is found from a signed cursor (its last row's sort key),
never by OFFSET, so the thousandth page costs what the first does; counts stop at COUNT_CAP.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.contrib.postgres.search import SearchRank
from django.core import signing
from django.db import connection
from django.db.models import F, FloatField, IntegerField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from jobs.models import Job, JobLocation
from offers.models import Offer
from plumbing.ranking import page_rows

from .filters import BoardFilterSet, JobBoardFilter, OfferBoardFilter, board_params, clean_text

PAGE_SIZE = 20
# Counts stop here: "1000+ postings" costs a bounded read, an exact count would read every visible posting.
COUNT_CAP = 1000
_CURSOR_SALT = "jobboard.board.cursor"
# The board's order, best first: rank (0 without a search; with one, -1 past the ranked candidates), publish
# time, kind, id.


class Position(NamedTuple):
    """Where a page starts: the sort key of the previous page's last row."""

    rank: int
    posted: datetime
    kind: str
    key: uuid.UUID | int


@dataclass(frozen=True)
class Posting:
    """One card of the board: a job or an offer."""

    kind: str
    item: Job | Offer

    @property
    def is_job(self) -> bool:
        return self.kind == "job"


@dataclass
class BoardPage:
    postings: list[Posting]
    count: int
    count_is_capped: bool
    next_cursor: str | None
    is_first: bool
    filters: BoardFilterSet
    bad_cursor: bool = False


class BadCursor(Exception):
    pass


def _encode_cursor(row: dict) -> str:
    return signing.dumps([row["rank"], row["posted"].isoformat(), row["kind"], str(row["pk"])], salt=_CURSOR_SALT)


def _decode_cursor(cursor: str) -> Position:
    try:
        rank, posted, kind, key = signing.loads(cursor, salt=_CURSOR_SALT)
        if kind not in ("job", "offer"):
            raise ValueError(kind)
        return Position(int(rank), datetime.fromisoformat(posted), kind, uuid.UUID(key) if kind == "job" else int(key))
    except (signing.BadSignature, ValueError, TypeError, OverflowError):
        raise BadCursor() from None


def _after(kind: str, position: Position) -> Q:
    """Rows of one kind that come after the position in ORDER, among rows of the position's rank."""
    later = Q(posted__lt=position.posted)
    if kind < position.kind:
        later |= Q(posted=position.posted)
    elif kind == position.kind:
        later |= Q(posted=position.posted, pk__lt=position.key)
    # The redundant bound lets the database start its index walk at the cursor.
    return Q(posted__lte=position.posted) & later


def _kind_rows(queryset: QuerySet, *, kind: str, posted: str, rank_by, position: Position | None, n: int) -> list[dict]:
    """The first n rows of one kind after `position`, in ORDER, from an index walk that stops after n rows
    (a ranked search ranks a bounded set of candidates: plumbing/ranking.py)."""
    found = page_rows(
        queryset,
        posted=posted,
        rank=rank_by,
        position_rank=None if position is None else position.rank,
        after=Q() if position is None else _after(kind, position),
        n=n,
    )
    return [{**row, "kind": kind} for row in found]


def _rank(query_text: str, *vectors: str):
    if not query_text or connection.vendor != "postgresql":
        return None
    query = BoardFilterSet.search_query(query_text)
    score = sum((Coalesce(SearchRank(F(v), query), Value(0.0)) for v in vectors), Value(0.0))
    # Micro-units as an integer: keyset comparisons on it are exact, unlike a float.
    return Cast(score * Value(1_000_000.0, output_field=FloatField()), IntegerField())


def _order_key(row: dict):
    # Keys are compared only between rows of one kind (same rank, time and kind), so uuid never meets int.
    return (row["rank"], row["posted"], row["kind"], row["pk"])


def _capped_count(*querysets: QuerySet) -> int:
    """How many rows the querysets hold together, counted up to COUNT_CAP + 1 only: the board says "1000+"
    rather than count them all. One query over their UNION ALL under one LIMIT: the database reads the parts in
    turn and stops at the cap, so a board with 1,000 jobs never reads an offer to count it (two capped counts
    read up to twice the cap, in two round trips)."""
    parts = [queryset.order_by() for queryset in querysets if not queryset.query.is_empty()]
    # A DISTINCT part would count one row of the constant below: such parts, or a single one, are counted alone.
    if len(parts) < 2 or any(part.query.distinct for part in parts):
        return sum(part[: COUNT_CAP + 1].count() for part in parts)
    one = Value(1, output_field=IntegerField())
    first, *others = (part.values(one=one) for part in parts)
    return first.union(*others, all=True)[: COUNT_CAP + 1].count()


def board_page(
    *, params, now: datetime, cursor: str | None = None, limit: int = PAGE_SIZE, by_relevance: bool = True
) -> BoardPage:
    """The page of the board after `cursor` for the filters in `params` (a query string). With a search,
    best matches come first unless `by_relevance` is False (feeds: newest first, always)."""
    params = board_params(params)
    job_filters = JobBoardFilter(params, queryset=Job.objects.publicly_visible(now=now), now=now)
    offer_filters = OfferBoardFilter(params, queryset=Offer.objects.publicly_visible(now=now), now=now)
    jobs, offers = job_filters.qs, offer_filters.qs
    job_filters.form.is_valid()  # fills cleaned_data with every valid field, even when another one is not
    query_text = clean_text(job_filters.form.cleaned_data.get("q") or "")
    ranked_text = query_text if by_relevance else ""

    position, bad_cursor = None, False
    if cursor:
        try:
            position = _decode_cursor(cursor)
        except BadCursor:
            bad_cursor = True
    n = limit + 1
    rows = _kind_rows(
        jobs, kind="job", posted="published_at", rank_by=_rank(ranked_text, "search_vector"), position=position, n=n
    ) + _kind_rows(
        offers,
        kind="offer",
        posted="publish_date",
        rank_by=_rank(ranked_text, "board_vector"),
        position=position,
        n=n,
    )
    page = sorted(rows, key=_order_key, reverse=True)[:n]
    next_cursor = _encode_cursor(page[limit - 1]) if len(page) > limit else None
    page = page[:limit]
    count = _capped_count(jobs, offers)
    return BoardPage(
        postings=postings_load(page),
        count=min(count, COUNT_CAP),
        count_is_capped=count > COUNT_CAP,
        next_cursor=next_cursor,
        is_first=position is None,
        filters=job_filters,
        bad_cursor=bad_cursor,
    )


def postings_load(rows: list[dict]) -> list[Posting]:
    """The postings of a page with what their cards show, in two queries (three with job locations)."""
    keys = [(row["kind"], row["pk"]) for row in rows]
    job_ids = [pk for kind, pk in keys if kind == "job"]
    offer_ids = [pk for kind, pk in keys if kind == "offer"]
    loaded: dict[str, dict] = {"job": {}, "offer": {}}
    if job_ids:
        jobs = Job.objects.filter(pk__in=job_ids).select_related("company")
        jobs = jobs.prefetch_related(Prefetch("job_locations", queryset=JobLocation.objects.select_related("location")))
        loaded["job"] = {job.pk: job for job in jobs}
    if offer_ids:
        loaded["offer"] = {
            offer.pk: offer for offer in Offer.objects.filter(pk__in=offer_ids).select_related("company")
        }
    # A posting deleted between the two queries is simply left out of the page.
    return [Posting(kind=kind, item=loaded[kind][pk]) for kind, pk in keys if pk in loaded[kind]]
