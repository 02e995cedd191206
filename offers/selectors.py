"""Reads of offers: search with keyset pagination, one offer, a company's offers and their states, the limit check."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core import signing
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Cast

from companies.models import Company
from plumbing.day_ranges import counts_per_day, each_day
from plumbing.ranking import after_row, page_rows

from .actors import Actor
from .models import HiddenReason, Offer, OfferDay, OfferQuerySet
from .search_index import SEARCH_CONFIG
from .windows import exceeds_concurrent_limit

_TOKEN_SALT = "offers.search.queryToken"


class InvalidQueryToken(Exception):
    pass


@dataclass(frozen=True)
class OfferSearch:
    value: str = ""
    job_type: str | None = None
    fields: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    job_min_duration: int | None = None
    job_max_duration: int | None = None
    show_hidden: bool = False
    limit: int = 20
    query_token: str | None = None


def offers_visible_to(*, actor: Actor, now: datetime) -> OfferQuerySet:
    """Active offers, plus every offer of the actor's own company (all companies for admins)."""
    visible = Offer.objects.publicly_visible(now=now)
    if actor.is_admin:
        return Offer.objects.all()
    if actor.kind == "company":
        return Offer.objects.filter(Q(pk__in=visible.values("pk")) | Q(company=actor.company))
    return visible


def offer_get(*, actor: Actor, offer_id: int, now: datetime) -> Offer | None:
    return offers_visible_to(actor=actor, now=now).select_related("company").filter(pk=offer_id).first()


def offers_for_company(*, actor: Actor, company: Company, now: datetime) -> QuerySet[Offer]:
    offers = Offer.objects.filter(company=company).select_related("company")
    if not actor.may_see_all_of(company.pk):
        offers = offers.publicly_visible(now=now)
    return offers.order_by("-publish_date", "-id")


def contains_any(field: str, values: tuple[str, ...]) -> Q:
    condition = Q()
    for value in values:
        if connection.vendor == "postgresql":
            condition |= Q(**{f"{field}__contains": [value]})
        else:
            condition |= Q(**{f"{field}__icontains": f'"{value}"'})
    return condition


def _encode_token(position: dict[str, object]) -> str:
    return signing.dumps(position, salt=_TOKEN_SALT, compress=True)


def _decode_token(token: str) -> dict[str, Any]:
    try:
        position = signing.loads(token, salt=_TOKEN_SALT)
        return {
            "rank": int(position["rank"]),
            "date": datetime.fromisoformat(position["date"]),
            "id": int(position["id"]),
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidQueryToken() from None


def offers_search(*, actor: Actor, search: OfferSearch, now: datetime) -> tuple[list[Offer], str | None]:
    """Ranked by relevance, then publishDate (newest first), then id; stable keyset pages. Relevance orders the
    newest matches (plumbing/ranking.py): a common word never ranks every match."""
    if search.show_hidden and actor.kind in ("company", "admin", "god"):
        # Owners and admins may include the hidden offers they can see; archived ones never come back.
        base = offers_visible_to(actor=actor, now=now).in_window(now=now).filter(is_archived=False)
    else:
        base = Offer.objects.publicly_visible(now=now)
    offers = base

    if search.job_type:
        offers = offers.filter(job_type=search.job_type)
    if search.fields:
        offers = offers.filter(contains_any("fields", search.fields))
    if search.technologies:
        offers = offers.filter(contains_any("technologies", search.technologies))
    if search.job_max_duration is not None:
        offers = offers.filter(job_min_duration__lte=search.job_max_duration)
    if search.job_min_duration is not None:
        offers = offers.filter(Q(job_max_duration__isnull=True) | Q(job_max_duration__gte=search.job_min_duration))

    value = search.value.strip()
    after = _decode_token(search.query_token) if search.query_token else None
    rank = None
    if value and connection.vendor == "postgresql":
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        # An integer rank (micro-units) compares exactly in the keyset condition, unlike a float4.
        score = ExpressionWrapper(SearchRank(F("search_vector"), query) * Value(1_000_000.0), output_field=FloatField())
        offers, rank = offers.filter(search_vector=query), Cast(score, IntegerField())
    elif value:
        offers = offers.filter(
            Q(title__icontains=value)
            | Q(company__name__icontains=value)
            | Q(job_type__icontains=value)
            | Q(location__icontains=value)
            | Q(fields__icontains=value)
            | Q(technologies__icontains=value)
        )
    rows = page_rows(
        offers,
        posted="publish_date",
        rank=rank,
        position_rank=None if after is None else after["rank"],
        after=Q() if after is None else after_row(after["date"], after["id"]),
        n=search.limit + 1,
    )

    token = None
    if len(rows) > search.limit:
        last = rows[search.limit - 1]
        token = _encode_token({"rank": last["rank"], "date": last["posted"].isoformat(), "id": last["pk"]})
    page = rows[: search.limit]
    loaded = Offer.objects.select_related("company").in_bulk([row["pk"] for row in page])
    # An offer deleted between the two reads is left out of the page.
    return [loaded[row["pk"]] for row in page if row["pk"] in loaded], token


def company_has_reached_max_concurrent_offers(
    *, company: Company, publish_date: datetime, publish_end_date: datetime
) -> bool:
    others = (
        Offer.objects.filter(company=company)
        .counting_toward_limit()
        .overlapping(publish_date, publish_end_date)
        .values_list("publish_date", "publish_end_date")
    )
    return exceeds_concurrent_limit((publish_date, publish_end_date), others)


@dataclass(frozen=True)
class OffersSummary:
    live: int
    scheduled: int
    hidden: int
    ending_soon: list[Offer]


def offers_summary(*, company: Company, now: datetime, soon: timedelta = timedelta(days=7)) -> OffersSummary:
    """The overview's offer figures in two queries, whatever the number of offers."""
    offers = Offer.objects.filter(company=company, is_archived=False)
    counts = offers.aggregate(
        live=Count("pk", filter=Q(pk__in=Offer.objects.publicly_visible(now=now).filter(company=company).values("pk"))),
        scheduled=Count("pk", filter=Q(publish_date__gt=now, is_hidden=False)),
        hidden=Count("pk", filter=Q(is_hidden=True, publish_end_date__gt=now)),
    )
    ending = list(offers.in_window(now=now).filter(is_hidden=False, publish_end_date__lte=now + soon))
    return OffersSummary(ending_soon=ending, **counts)


class OfferState(TextChoices):
    """Where an offer stands for its own company, one word per offer (the dashboard's badge)."""

    LIVE = "live", "Visible now"
    SCHEDULED = "scheduled", "Scheduled"
    HIDDEN = "hidden", "Hidden by the company"
    BLOCKED = "blocked", "Blocked by an admin"
    WITH_COMPANY = "company", "Hidden with the company"
    ARCHIVED = "archived", "Archived"
    ENDED = "ended", "Ended"


def _state_expression(now: datetime) -> Case:
    """The first state that applies, most final first: what the company can still change comes last.

    Computed in SQL, so filtering by state and showing it agree, and "live" is exactly
    Offer.objects.publicly_visible(now=now).
    """
    company_down = (
        Q(hidden_reason__in=[HiddenReason.COMPANY_BLOCKED, HiddenReason.COMPANY_DISABLED])
        | Q(company__is_blocked=True)
        | Q(company__is_disabled=True)
    )
    return Case(
        When(is_archived=True, then=Value(OfferState.ARCHIVED)),
        When(hidden_reason=HiddenReason.ADMIN_REQUEST, then=Value(OfferState.BLOCKED)),
        When(publish_end_date__lte=now, then=Value(OfferState.ENDED)),
        When(is_hidden=True, hidden_reason=HiddenReason.COMPANY_REQUEST, then=Value(OfferState.HIDDEN)),
        When(company_down, then=Value(OfferState.WITH_COMPANY)),
        When(is_hidden=True, then=Value(OfferState.HIDDEN)),
        When(publish_date__gt=now, then=Value(OfferState.SCHEDULED)),
        default=Value(OfferState.LIVE),
        output_field=CharField(),
    )


def offer_state(*, offer_id: int, now: datetime) -> str | None:
    """Where one offer stands at `now` (an OfferState value), None for no such offer. A company in bad standing
    outranks the offer's own state: nothing of it is public, and it may come back."""
    row = (
        Offer.objects.filter(pk=offer_id)
        .annotate(state=_state_expression(now))
        .values("state", "company__is_blocked", "company__is_disabled")
        .first()
    )
    if row is None:
        return None
    if row["company__is_blocked"] or row["company__is_disabled"]:
        return OfferState.WITH_COMPANY
    return str(row["state"])


def offers_with_state(*, company: Company, now: datetime, state: str | None = None) -> QuerySet[Offer]:
    """Every offer of the company, newest first, each annotated with `state` (an OfferState value)."""
    offers = Offer.objects.filter(company=company).annotate(state=_state_expression(now))
    if state:
        offers = offers.filter(state=state)
    return offers.order_by("-created_at", "-pk")


def offer_state_counts(*, company: Company, now: datetime) -> dict[str, int]:
    """How many of the company's offers are in each state, in one query."""
    rows = (
        Offer.objects.filter(company=company)
        .annotate(state=_state_expression(now))
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["state"]: row["n"] for row in rows}


OFFER_DAY_FIELDS = ("views", "apply_clicks")


def offer_days(*, offer_id: int, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """One entry per day from `date_from` to `date_to` (both included), ascending, with zeros for days nothing
    happened: {"day", and each of OFFER_DAY_FIELDS}. Reads only the range's rows, through the (offer, day) index."""
    rows = OfferDay.objects.filter(offer_id=offer_id, day__gte=date_from, day__lte=date_to).values(
        "day", *OFFER_DAY_FIELDS
    )
    stored = {row["day"]: row for row in rows}
    zeros = dict.fromkeys(OFFER_DAY_FIELDS, 0)
    return [{**zeros, **stored.get(day, {}), "day": day} for day in each_day(date_from, date_to)]


def company_offer_days(*, company_id: int, date_from: date, date_to: date) -> dict[date, dict[str, int]]:
    """The company's offers' views and apply clicks summed per day from `date_from` to `date_to` (both included),
    only the days that have a row: one query over the range's daily rows."""
    rows = (
        OfferDay.objects.filter(offer__company_id=company_id, day__gte=date_from, day__lte=date_to)
        .values("day")
        .annotate(sum_views=Sum("views"), sum_clicks=Sum("apply_clicks"))
        .order_by("day")
    )
    return {row["day"]: {"views": row["sum_views"] or 0, "apply_clicks": row["sum_clicks"] or 0} for row in rows}


def offers_published_per_day(*, date_from: date, date_to: date, now: datetime) -> dict[date, int]:
    """How many offers went live on each UTC day of the range (only the days with any): those whose publishDate
    fell on it and has come by `now`, whatever happened to them since."""
    return counts_per_day(
        Offer.objects.filter(publish_date__lte=now), field="publish_date", date_from=date_from, date_to=date_to
    )
