"""Reads that compose jobs and offers: the company's daily figures for the overview, the platform's for the admin's
statistics page, and saved-search alerts (the saved form of a board search, what it says in words, and the
postings an alert's digest holds, found through the board's own filter sets so an alert never disagrees with the
board)."""

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode

from companies.applications.selectors import company_applications_waiting_per_day
from companies.selectors import companies_created_per_day
from jobs.models import Job
from jobs.selectors import company_job_days, jobs_published_per_day, platform_job_days
from offers.models import Offer
from offers.selectors import company_offer_days, offers_published_per_day
from plumbing.day_ranges import each_day
from plumbing.ranking import newest_first

from .board import Posting, postings_load
from .feeds import FILTER_PARAMS, filters_described
from .filters import BoardFilterSet, JobBoardFilter, OfferBoardFilter, board_params
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


_POSTED = {"job": "published_at", "offer": "publish_date"}


def _filter_sets(query: str, now: datetime) -> list[tuple[str, BoardFilterSet]]:
    params = board_params(QueryDict(query))
    filter_sets: list[tuple[str, BoardFilterSet]] = [
        ("job", JobBoardFilter(params, queryset=Job.objects.none(), now=now)),
        ("offer", OfferBoardFilter(params, queryset=Offer.objects.none(), now=now)),
    ]
    for _, filter_set in filter_sets:
        filter_set.form.is_valid()  # cleaned_data: the valid filters, as FilterSet.qs would apply them
    return filter_sets


def _kind_reads(
    filter_sets: list[tuple[str, BoardFilterSet]], *, since: datetime, now: datetime, limit: int, kinds: set[str]
) -> list[tuple[str, QuerySet[Any]]]:
    """Per kind, the read of a digest: the board's filter sets over the board's visibility, bounded below by the
    watermark, newest first, `limit` rows. A kind the search leaves out (kind=job, fields for jobs…) or with
    nothing published after `since` (`kinds`) is not listed, so it costs no query."""
    visible: dict[str, QuerySet[Any]] = {
        "job": Job.objects.publicly_visible(now=now).filter(published_at__gt=since, published_at__lte=now),
        "offer": Offer.objects.publicly_visible(now=now).filter(publish_date__gt=since, publish_date__lte=now),
    }
    reads = []
    for kind, filter_set in filter_sets:
        if kind not in kinds:
            continue
        matches = filter_set.filter_queryset(visible[kind])
        if not matches.query.is_empty():
            reads.append((kind, newest_first(matches, posted=_POSTED[kind]).values("pk", "posted")[:limit]))
    return reads


def alert_match_queries(*, query: str, since: datetime, now: datetime, limit: int) -> list[tuple[str, QuerySet[Any]]]:
    """The reads of one digest (alert_matches), for a caller that wants to see them (the benchmark's EXPLAIN)."""
    return _kind_reads(_filter_sets(query, now), since=since, now=now, limit=limit, kinds={"job", "offer"})


def _matches(reads: list[tuple[str, QuerySet[Any]]], limit: int) -> AlertMatches:
    rows: list[dict[str, Any]] = []
    for kind, found in reads:
        rows.extend({**row, "kind": kind} for row in found)
    # Keys are compared only between rows of one kind and time, so a uuid never meets an int.
    rows.sort(key=lambda row: (row["posted"], row["kind"], row["pk"]), reverse=True)
    return AlertMatches(postings=postings_load(rows[:limit]), more=len(rows) > limit)


def alert_matches(*, query: str, since: datetime, now: datetime, limit: int = DIGEST_SIZE) -> AlertMatches:
    """The postings matching the saved `query` that became visible in (since, now], newest first.

    Each kind's read walks its publish-time index from now down to `since` and stops after limit + 1 rows, so
    it costs what the new postings cost, never the board."""
    return _matches(alert_match_queries(query=query, since=since, now=now, limit=limit + 1), limit)


class AlertReader:
    """alert_matches for one digest run at `now`, for many alerts. Building a search's two filter sets (and
    validating their form) costs more than its query, and is the same for every alert of that search: they are
    built once per search. Alerts that share a search and a watermark (those covered by the same run) share one
    read. A kind with nothing published after an alert's watermark is not read at all. Both caches are bounded."""

    def __init__(self, *, now: datetime, cache_size: int = 1000, found_cache_size: int = 100_000) -> None:
        self.now = now
        self.cache_size = cache_size
        # Results are small (most are empty) and every alert of a search covered by the same run asks the same
        # question, so far more of them are kept than of the filter sets, which hold forms and querysets.
        self.found_cache_size = found_cache_size
        self._filter_sets: OrderedDict[str, list[tuple[str, BoardFilterSet]]] = OrderedDict()
        self._found: OrderedDict[tuple[str, datetime], AlertMatches] = OrderedDict()
        self._newest = {
            "job": Job.objects.publicly_visible(now=now)
            .filter(published_at__lte=now)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first(),
            "offer": Offer.objects.publicly_visible(now=now)
            .filter(publish_date__lte=now)
            .order_by("-publish_date")
            .values_list("publish_date", flat=True)
            .first(),
        }

    def matches(self, *, query: str, since: datetime, limit: int = DIGEST_SIZE) -> AlertMatches:
        kinds = {kind for kind, newest in self._newest.items() if newest is not None and newest > since}
        if not kinds:
            return AlertMatches(postings=[], more=False)
        key = (query, since)
        if key in self._found:
            self._found.move_to_end(key)
            return self._found[key]
        filter_sets = self._filter_sets.get(query)
        if filter_sets is None:
            filter_sets = self._filter_sets[query] = _filter_sets(query, self.now)
            _bound(self._filter_sets, self.cache_size)
        else:
            self._filter_sets.move_to_end(query)
        reads = _kind_reads(filter_sets, since=since, now=self.now, limit=limit + 1, kinds=kinds)
        found = self._found[key] = _matches(reads, limit)
        _bound(self._found, self.found_cache_size)
        return found


def _bound(cache: "OrderedDict[Any, Any]", size: int) -> None:
    while len(cache) > size:
        cache.popitem(last=False)


def alerts_of_address(*, email: str) -> QuerySet[SearchAlert]:
    """An address's alerts that are not unsubscribed, oldest first (the manage page)."""
    return SearchAlert.objects.filter(email=email, unsubscribed_at__isnull=True).order_by("created_at", "pk")


# The overview's window: today (UTC) and the days before it, this many in all, compared with as many before.
OVERVIEW_DAYS = 30
OVERVIEW_FIELDS = ("views", "applications", "spend_cents")


@dataclass(frozen=True)
class Change:
    """A total against the one of the window before: the difference and its share of the earlier total (None when
    that was 0)."""

    total: int
    before: int

    @property
    def difference(self) -> int:
        return self.total - self.before

    @property
    def rate(self) -> float | None:
        return self.difference / self.before if self.before else None


@dataclass(frozen=True)
class CompanyDays:
    """The whole company's last OVERVIEW_DAYS days: one entry per day ({"day", "views" of jobs and offers,
    "applications", "spend_cents"}), zeros included, and each figure's total against the days before."""

    date_from: date
    date_to: date
    days: list[dict[str, Any]]
    changes: dict[str, Change]


def company_last_days(*, company_id: int, today: date, days: int = OVERVIEW_DAYS) -> CompanyDays:
    """Two queries over the daily rows of the range and the one before it (jobs' and offers'), summed by day."""
    date_from = today - timedelta(days=days - 1)
    before_from = date_from - timedelta(days=days)
    jobs = company_job_days(company_id=company_id, date_from=before_from, date_to=today)
    offers = company_offer_days(company_id=company_id, date_from=before_from, date_to=today)
    entries: list[dict[str, Any]] = []
    for offset in range(2 * days):
        day = before_from + timedelta(days=offset)
        job, offer = jobs.get(day, {}), offers.get(day, {})
        entries.append(
            {
                "day": day,
                "views": job.get("views", 0) + offer.get("views", 0),
                "applications": job.get("applications", 0),
                "spend_cents": job.get("spend_cents", 0),
            }
        )
    before, shown = entries[:days], entries[days:]
    changes = {
        name: Change(total=sum(entry[name] for entry in shown), before=sum(entry[name] for entry in before))
        for name in OVERVIEW_FIELDS
    }
    return CompanyDays(date_from=date_from, date_to=today, days=shown, changes=changes)


def platform_days(*, date_from: date, date_to: date, now: datetime) -> list[dict[str, Any]]:
    """Every company's figures per UTC day from `date_from` to `date_to` (both included), zeros included:
    {"day", "postings_published" (jobs and offers), "applications", "spend_cents", "new_companies",
    "signups_waiting" (confirmed sign-ups waiting for review at the day's end)}. Seven queries, whatever the range."""
    jobs = platform_job_days(date_from=date_from, date_to=date_to)
    jobs_published = jobs_published_per_day(date_from=date_from, date_to=date_to)
    offers_published = offers_published_per_day(date_from=date_from, date_to=date_to, now=now)
    companies = companies_created_per_day(date_from=date_from, date_to=date_to)
    waiting = company_applications_waiting_per_day(date_from=date_from, date_to=date_to)
    return [
        {
            "day": day,
            "postings_published": jobs_published.get(day, 0) + offers_published.get(day, 0),
            "applications": jobs.get(day, {}).get("applications", 0),
            "spend_cents": jobs.get(day, {}).get("spend_cents", 0),
            "new_companies": companies.get(day, 0),
            "signups_waiting": waiting[day],
        }
        for day in each_day(date_from, date_to)
    ]
