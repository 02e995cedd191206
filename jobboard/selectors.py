"""Reads of saved-search alerts: the saved form of a board search, what it says in words, and the postings an
alert's digest holds, found through the board's own filter sets so an alert never disagrees with the board."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode

from jobs.models import Job
from offers.models import Offer
from plumbing.ranking import newest_first

from .board import Posting, postings_load
from .feeds import FILTER_PARAMS, filters_described
from .filters import JobBoardFilter, OfferBoardFilter, board_params
from .models import SearchAlert

DIGEST_SIZE = 20


@dataclass(frozen=True)
class AlertSearch:
    """A saved search in words: its search words, what it shows, and its other filters."""

    words: str
    kind: str
    filters: list[str] = field(default_factory=list)

    @property
    def noun(self) -> str:
        return {"job": "jobs", "offer": "offers"}.get(self.kind, "postings")


@dataclass(frozen=True)
class AlertMatches:
    """The newest postings of a digest (at most its size) and whether the board holds more."""

    postings: list[Posting]
    more: bool


def _cleaned(params: Mapping[str, Any]) -> dict[str, Any]:
    """The filters the board's FilterSet accepts from `params` (a refused value is left out, as on the board)."""
    # Validating the form reads no time; the filters' `now` matters only to a query, and none is run here.
    form = JobBoardFilter(board_params(params), queryset=Job.objects.none(), now=timezone.now()).form
    form.is_valid()  # fills cleaned_data with every valid field, even when another one is not
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}


def alert_query(params: Mapping[str, Any]) -> str:
    """The board's query string as an alert saves it: only filters the board accepts, in the board form's order,
    each multi-value filter's values once each (board_params); the page cursor and empty fields left out."""
    params = board_params(params)
    cleaned = _cleaned(params)
    pairs: list[tuple[str, str]] = []
    for name in FILTER_PARAMS:
        if name not in cleaned:
            continue
        values = params.getlist(name) if isinstance(params, QueryDict) else [params.get(name) or ""]
        pairs.extend((name, str(value).strip()) for value in values if str(value).strip())
    return urlencode(pairs)


def alert_search(query: str) -> AlertSearch:
    cleaned = _cleaned(QueryDict(query))
    return AlertSearch(words=cleaned.get("q") or "", kind=cleaned.get("kind") or "", filters=filters_described(cleaned))


def alert_matches(*, query: str, since: datetime, now: datetime, limit: int = DIGEST_SIZE) -> AlertMatches:
    """The postings matching the saved `query` that became visible in (since, now], newest first.

    The board's filter sets over the board's visibility, bounded below by the watermark: each kind's read walks
    its publish-time index from now down to `since` and stops after limit + 1 rows, so it costs what the new
    postings cost, never the board."""
    params = board_params(QueryDict(query))
    jobs = Job.objects.publicly_visible(now=now).filter(published_at__gt=since, published_at__lte=now)
    offers = Offer.objects.publicly_visible(now=now).filter(publish_date__gt=since, publish_date__lte=now)
    kinds: list[tuple[str, QuerySet[Any], str]] = [
        ("job", JobBoardFilter(params, queryset=jobs, now=now).qs, "published_at"),
        ("offer", OfferBoardFilter(params, queryset=offers, now=now).qs, "publish_date"),
    ]
    rows: list[dict[str, Any]] = []
    for kind, matches, posted in kinds:
        if matches.query.is_empty():  # the search leaves this kind out (kind=job, fields for jobs…): no query
            continue
        found = newest_first(matches, posted=posted).values("pk", "posted")[: limit + 1]
        rows.extend({**row, "kind": kind} for row in found)
    # Keys are compared only between rows of one kind and time, so a uuid never meets an int.
    rows.sort(key=lambda row: (row["posted"], row["kind"], row["pk"]), reverse=True)
    return AlertMatches(postings=postings_load(rows[:limit]), more=len(rows) > limit)


def postings_newest_time(*, now: datetime) -> datetime | None:
    """The publish time of the newest posting visible at `now`, of either kind (one index probe each): an alert
    whose watermark is at or past it has nothing new, whatever its search."""
    job: datetime | None = (
        Job.objects.publicly_visible(now=now)
        .filter(published_at__lte=now)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    offer: datetime | None = (
        Offer.objects.publicly_visible(now=now)
        .filter(publish_date__lte=now)
        .order_by("-publish_date")
        .values_list("publish_date", flat=True)
        .first()
    )
    return max((time for time in (job, offer) if time is not None), default=None)


def alerts_of_address(*, email: str) -> QuerySet[SearchAlert]:
    """An address's alerts that are not unsubscribed, oldest first (the manage page)."""
    return SearchAlert.objects.filter(email=email, unsubscribed_at__isnull=True).order_by("created_at", "pk")
