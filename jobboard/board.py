"""The public board: jobs and offers visible now, in one list, newest first (or best match first), in
keyset pages.

One UNION ALL query picks a page of (kind, id) across both tables; two more load those postings with what
their cards show. A page is found from a signed cursor (its last row's sort key), never by OFFSET, so the
thousandth page costs what the first does, and a count runs per kind.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchRank
from django.core import signing
from django.db import connection
from django.db.models import CharField, F, FloatField, IntegerField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from jobs.models import Job, JobLocation
from offers.models import Offer

from .filters import BoardFilterSet, JobBoardFilter, OfferBoardFilter, clean_text

PAGE_SIZE = 20
_CURSOR_SALT = "jobboard.board.cursor"
# The board's order, best first: rank (0 without a search), publish time, kind, id.
ORDER = ("-rank", "-posted", "-kind", "-key")


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
    next_cursor: str | None
    is_first: bool
    filters: BoardFilterSet
    bad_cursor: bool = False


class BadCursor(Exception):
    pass


def _encode_cursor(row: dict) -> str:
    return signing.dumps([row["rank"], row["posted"].isoformat(), row["kind"], row["key"]], salt=_CURSOR_SALT)


def _decode_cursor(cursor: str) -> tuple[int, datetime, str, str]:
    try:
        rank, posted, kind, key = signing.loads(cursor, salt=_CURSOR_SALT)
        return int(rank), datetime.fromisoformat(posted), str(kind), str(key)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadCursor() from None


def _after(kind: str, cursor: tuple[int, datetime, str, str]) -> Q:
    """Rows of one branch (all of one kind) that come after the cursor in ORDER."""
    rank, posted, cursor_kind, key = cursor
    later = Q(rank__lt=rank) | Q(rank=rank, posted__lt=posted)
    if kind < cursor_kind:
        later |= Q(rank=rank, posted=posted)
    elif kind == cursor_kind:
        later |= Q(rank=rank, posted=posted, key__lt=key)
    return later


def _rows(queryset: QuerySet, *, kind: str, posted: str, rank_expression) -> QuerySet:
    # The same annotations, in the same order, on both kinds, so the two SELECTs line up in the UNION.
    return queryset.order_by().annotate(
        kind=Value(kind, output_field=CharField()),
        key=Cast("pk", CharField()),
        posted=F(posted),
        rank=rank_expression,
    )


def _rank(query_text: str, *vectors: str):
    if not query_text or connection.vendor != "postgresql":
        return Value(0, output_field=IntegerField())
    query = BoardFilterSet.search_query(query_text)
    score = sum((Coalesce(SearchRank(F(v), query), Value(0.0)) for v in vectors), Value(0.0))
    # Micro-units as an integer: keyset comparisons on it are exact, unlike a float.
    return Cast(score * Value(1_000_000.0, output_field=FloatField()), IntegerField())


def board_page(
    *, params, now: datetime, cursor: str | None = None, limit: int = PAGE_SIZE, by_relevance: bool = True
) -> BoardPage:
    """The page of the board after `cursor` for the filters in `params` (a query string). With a search,
    best matches come first unless `by_relevance` is False (feeds: newest first, always)."""
    job_filters = JobBoardFilter(params, queryset=Job.objects.publicly_visible(now=now), now=now)
    offer_filters = OfferBoardFilter(params, queryset=Offer.objects.publicly_visible(now=now), now=now)
    jobs, offers = job_filters.qs, offer_filters.qs
    job_filters.form.is_valid()  # fills cleaned_data with every valid field, even when another one is not
    query_text = clean_text(job_filters.form.cleaned_data.get("q") or "")
    ranked_text = query_text if by_relevance else ""

    job_rows = _rows(jobs, kind="job", posted="published_at", rank_expression=_rank(ranked_text, "search_vector"))
    offer_rows = _rows(
        offers,
        kind="offer",
        posted="publish_date",
        rank_expression=_rank(ranked_text, "search_vector", "description_vector"),
    )
    position, bad_cursor = None, False
    if cursor:
        try:
            position = _decode_cursor(cursor)
        except BadCursor:
            bad_cursor = True
    if position is not None:
        job_rows = job_rows.filter(_after("job", position))
        offer_rows = offer_rows.filter(_after("offer", position))
    fields = ("kind", "key", "posted", "rank")
    page = list(job_rows.values(*fields).union(offer_rows.values(*fields), all=True).order_by(*ORDER)[: limit + 1])
    next_cursor = _encode_cursor(page[limit - 1]) if len(page) > limit else None
    page = page[:limit]
    return BoardPage(
        postings=_load(page),
        count=jobs.count() + offers.count(),
        next_cursor=next_cursor,
        is_first=position is None,
        filters=job_filters,
        bad_cursor=bad_cursor,
    )


def _load(rows: list[dict]) -> list[Posting]:
    """The postings of a page with what their cards show, in two queries (three with job locations)."""
    # Ids come back as text (UUIDs with or without dashes, by database): compare them as what they are.
    keys = [(row["kind"], uuid.UUID(row["key"]) if row["kind"] == "job" else int(row["key"])) for row in rows]
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
