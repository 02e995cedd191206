"""Reads of jobs that more than one caller needs."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import Company
from plumbing.day_ranges import counts_per_day, each_day

from .budget_windows import NEVER, budget_window_end, budget_window_start
from .choices import LIVE_STATUSES, BudgetWindow, JobStatus
from .models import (
    Application,
    Budget,
    BudgetCap,
    Charge,
    ChargeQuerySet,
    CompanyBudget,
    Job,
    JobDay,
    JobLocation,
    Location,
    Qualification,
    Question,
)
from .validators import SCALAR_FIELDS

if TYPE_CHECKING:
    from .models import JobWithCounts


def jobs_for_company(*, company: Company) -> "QuerySet[JobWithCounts]":
    """The company's jobs with everything the job resource shows, in a constant number of queries."""
    return (
        Job.objects.filter(company=company)
        .with_application_counts()
        .prefetch_related(
            Prefetch("job_locations", queryset=JobLocation.objects.select_related("location")),
            "qualifications",
            "questions",
            "budgets",
        )
        .order_by("-created_at", "-id")
    )


def live_jobs_count(*, company_ids: list[int], now: datetime) -> int:
    """How many of these companies' jobs are live (ACTIVE, not past expiresAt) at `now`: what candidates see of
    them while the companies are in good standing."""
    return Job.objects.filter(company_id__in=company_ids).with_status(JobStatus.ACTIVE, now=now).count()


# The job resource's own columns, with its application counts (JobQuerySet.with_application_counts).
JOB_RESOURCE_COLUMNS = (
    "id",
    "status",
    *SCALAR_FIELDS,
    "company_id",
    "published_at",
    "expires_at",
    "closed_at",
    "created_at",
    "pending_count",
    "accepted_count",
    "rejected_count",
    "new_applicant_count",
)


def job_rows_for_company(
    *, company: Company, status: str | None = None, now: datetime | None = None
) -> QuerySet[Job, dict[str, Any]]:
    """The company's jobs as rows (dicts) of the job resource's columns and counts, newest first; the partner API
    reads these with job_rows_with_children instead of model objects and prefetches, which cost it as much as
    its SQL (bin/bench). With `status`, only the jobs a reader sees in it at `now` (JobQuerySet.with_status)."""
    jobs = Job.objects.filter(company=company)
    if status is not None:
        jobs = jobs.with_status(status, now=now or timezone.now())
    return jobs.with_application_counts().order_by("-created_at", "-id").values(*JOB_RESOURCE_COLUMNS)


def job_rows_with_children(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row gains its "locations", "qualifications", "questions" and "budgets" (lists of dicts, in the job's
    order): four queries for any number of rows."""
    job_ids = [row["id"] for row in rows]
    # Plain dicts, as values() returns them: each gives up its job_id below, which the plugin's TypedDict rows
    # cannot.
    children: dict[str, QuerySet[Any, Any]] = {
        "locations": JobLocation.objects.values(
            "job_id", "location_id", "location__city", "location__state_province", "location__country"
        ),
        "qualifications": Qualification.objects.values("job_id", "id", "text", "kind", "order"),
        "questions": Question.objects.values("job_id", "id", "prompt", "order", "options"),
        "budgets": Budget.objects.values("job_id", "window", "budget_cents", "notes"),
    }
    by_job = {row["id"]: row for row in rows}
    for name in children:
        for row in rows:
            row[name] = []
    for name, values in children.items():
        for child in values.filter(job_id__in=job_ids):
            by_job[child.pop("job_id")][name].append(child)
    return rows


def _applications_in_full() -> QuerySet[Application]:
    # Only the ids of the qualifications met are shown, in the job's qualification order.
    met = Prefetch("met_qualifications", queryset=Qualification.objects.only("id", "order").order_by("order", "id"))
    # The charge rides along in the same query: the Application says whether it was billed, and why not.
    return Application.objects.select_related("charge").prefetch_related(met).order_by("-created_at", "-id")


def application_for_company(*, company: Company, application_id: int) -> Application | None:
    """One of the company's applications with its answers' questions and the qualifications met (3 queries);
    another company's application is None, exactly as one that does not exist."""
    return (
        _applications_in_full()
        .filter(job__company=company, pk=application_id)
        .select_related("job")
        .prefetch_related("job__questions")
        .first()
    )


@dataclass(frozen=True)
class ApplicationPage:
    items: list[Application]
    # (created_at, id) of the last item when more follow; the next page starts strictly after it.
    next_position: tuple[datetime, int] | None


def applications_for_job(
    *,
    job: Job,
    limit: int,
    status: str | None = None,
    qualified: bool | None = None,
    created_after: datetime | None = None,
    after: tuple[datetime, int] | None = None,
) -> ApplicationPage:
    """A page of the job's applications, newest first, in three queries whatever the page holds."""
    applications = _applications_in_full().filter(job=job)
    if status is not None:
        applications = applications.filter(status=status)
    if qualified is not None:
        applications = applications.filter(is_qualified=qualified)
    if created_after is not None:
        applications = applications.filter(created_at__gt=created_after)
    if after is not None:
        created_at, pk = after
        applications = applications.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    page = list(applications[: limit + 1])
    items = page[:limit]
    # Every item is of this one job: its questions are read once and shared, not once per application.
    prefetch_related_objects([job], "questions")
    for application in items:
        application.job = job
    last = items[-1] if len(page) > limit else None
    return ApplicationPage(items=items, next_position=(last.created_at, last.pk) if last else None)


def _place_part(part: str) -> Q:
    """One part after the city in a place as displayed: a state by name or code, or the country."""
    return Q(state_province__istartswith=part) | Q(state_code__iexact=part) | Q(country__istartswith=part)


def locations_search(*, query: str, country: str = "United States", limit: int = 10) -> list[Location]:
    """Cities whose name starts with the query, biggest first, then other matches.

    A query written the way places are shown ("San Francisco, California, United States", or "Austin, TX") is
    read as the city, narrowed by each part after it, so a displayName pasted back finds its place.
    """
    q, *parts = (part.strip().lower() for part in query.split(","))
    base = Location.objects.filter(country__iexact=country)
    for part in parts:
        if part:
            base = base.filter(_place_part(part))
    starts = list(base.filter(search_name__startswith=q).order_by("-population", "id")[:limit])
    if len(starts) < limit:
        exclude = [loc.pk for loc in starts]
        starts += list(
            base.filter(search_name__contains=q)
            .exclude(pk__in=exclude)
            .order_by("-population", "id")[: limit - len(starts)]
        )
    return starts


# Each budget window as a cap's adjective and as the stretch of time it covers, for sentences on the dashboard.
WINDOW_WORDS: dict[str, tuple[str, str]] = {
    BudgetWindow.DAILY: ("daily", "today"),
    BudgetWindow.WEEKLY: ("weekly", "this week"),
    BudgetWindow.MONTHLY: ("monthly", "this month"),
    BudgetWindow.LIFETIME: ("lifetime", "in total"),
}


@dataclass(frozen=True)
class WindowSpend:
    window: str
    spent_cents: int
    cap_cents: int | None
    notes: str = ""
    # When the window resets; None for LIFETIME, which never does.
    resets_at: datetime | None = None

    @property
    def percent(self) -> int | None:
        if not self.cap_cents:
            return None
        return min(100, round(100 * self.spent_cents / self.cap_cents))

    @property
    def period(self) -> str:
        return WINDOW_WORDS[self.window][1]

    @property
    def over_cents(self) -> int:
        """Spend above the cap. Billing never passes a cap (application_submit checks it under the company's lock,
        which saving a cap takes too), so this is what was charged before the cap was lowered below it."""
        if self.cap_cents is None:
            return 0
        return max(0, self.spent_cents - self.cap_cents)


def _window_sums(now: datetime) -> dict[str, Coalesce]:
    """The sum of charges in each current window, as aggregate expressions named by window."""
    sums: dict[str, Coalesce] = {}
    for window in BudgetWindow.values:
        start = budget_window_start(window, now)
        condition = None if start is None else Q(created_at__gte=start)
        sums[window] = Coalesce(Sum("amount_cents", filter=condition), 0)
    return sums


def _spend_by_window(charges: ChargeQuerySet, *, now: datetime) -> dict[str, int]:
    """What was charged (skipped and refunded charges cost nothing) in each current window, in one query."""
    return charges.billed().aggregate(**_window_sums(now))


def _resets_at(window: str, now: datetime) -> datetime | None:
    end = budget_window_end(window, now)
    return None if end == NEVER else end


def _window_rows(spent: dict[str, int], caps: Iterable[BudgetCap], now: datetime) -> list[WindowSpend]:
    by_window = {cap.window: cap for cap in caps}
    return [
        WindowSpend(
            window=w,
            spent_cents=spent[w],
            cap_cents=by_window[w].budget_cents if w in by_window else None,
            notes=by_window[w].notes if w in by_window else "",
            resets_at=_resets_at(w, now),
        )
        for w in BudgetWindow.values
    ]


def company_spend(*, company: Company, now: datetime) -> list[WindowSpend]:
    """Spend across every job of the company in each budget window, beside its company-wide caps."""
    spent = _spend_by_window(Charge.objects.filter(company=company), now=now)
    return _window_rows(spent, CompanyBudget.objects.filter(company=company), now)


def job_spend(*, job: Job, now: datetime) -> list[WindowSpend]:
    """Spend of one job in each window, beside the job's own caps (budgets prefetched or not)."""
    return _window_rows(_spend_by_window(Charge.objects.filter(job=job), now=now), job.budgets.all(), now)


@dataclass(frozen=True)
class FullCap:
    """A budget cap that cannot pay one more bid of a job: the company's (across all its jobs) or the job's own."""

    scope: str  # "company" or "job"
    window: str
    cap_cents: int
    spent_cents: int
    bid_cents: int
    resets_at: datetime | None  # None: LIFETIME never resets

    @property
    def left_cents(self) -> int:
        return max(0, self.cap_cents - self.spent_cents)

    @property
    def window_name(self) -> str:
        return WINDOW_WORDS[self.window][0]

    @property
    def period(self) -> str:
        return WINDOW_WORDS[self.window][1]


@dataclass(frozen=True)
class JobOffBoard:
    """A live job candidates cannot see because a budget is full, with each full cap, and when it comes back
    by itself (None: only when a cap is raised or removed, or the bid lowered)."""

    job: Job
    until: datetime | None
    caps: list[FullCap]

    @property
    def reset_words(self) -> str:
        """Which full windows reset at `until`, bringing the job back ("the daily and weekly windows reset")."""
        names = list(dict.fromkeys(cap.window_name for cap in self.caps if self.until and cap.resets_at == self.until))
        if not names:
            return ""
        return f"the {' and '.join(names)} window{'s reset' if len(names) > 1 else ' resets'}"

    @property
    def company_cap_full(self) -> bool:
        return any(cap.scope == "company" for cap in self.caps)

    @property
    def job_cap_full(self) -> bool:
        return any(cap.scope == "job" for cap in self.caps)


def _full_caps(
    scope: str, caps: Iterable[BudgetCap], spent: dict[str, int], *, bid: int, now: datetime
) -> list[FullCap]:
    """The caps that cannot pay one more bid: the rule of JobQuerySet.budget_exhausted, on sums already read."""
    return [
        FullCap(
            scope=scope,
            window=cap.window,
            cap_cents=cap.budget_cents,
            spent_cents=spent.get(cap.window, 0),
            bid_cents=bid,
            resets_at=_resets_at(cap.window, now),
        )
        for cap in caps
        if cap.budget_cents < spent.get(cap.window, 0) + bid
    ]


def jobs_off_board_for_budget(
    *, company: Company, now: datetime, job: Job | None = None, status: str | None = None
) -> list[JobOffBoard]:
    """The company's live jobs (active or paused, not expired; or only `job`, or only those of `status`) that a full
    budget keeps off the board at `now`, newest first, in four queries. Which jobs: the stored state every listing
    reads (Job.budget_full_until); which caps: the ledger's live sums, by billing's rule (a cap is full when it
    cannot pay one more bid)."""
    jobs = Job.objects.filter(company=company, status__in=LIVE_STATUSES, expires_at__gt=now, budget_full_until__gt=now)
    if job is not None:
        jobs = jobs.filter(pk=job.pk)
    if status is not None:
        jobs = jobs.filter(status=status)
    held = list(jobs.order_by("-created_at", "-id"))
    if not held:
        return []
    company_caps = list(CompanyBudget.objects.filter(company=company))
    company_spent = _spend_by_window(Charge.objects.filter(company=company), now=now) if company_caps else {}
    job_caps: dict[UUID, list[Budget]] = {}
    for cap in Budget.objects.filter(job__in=held):
        job_caps.setdefault(cap.job_id, []).append(cap)
    job_spent: dict[UUID, dict[str, int]] = {}
    if job_caps:
        rows = (
            Charge.objects.billed()
            .filter(job_id__in=list(job_caps))
            .order_by()
            .values("job_id")
            .annotate(**_window_sums(now))
        )
        job_spent = {row.pop("job_id"): row for row in rows}

    result = []
    for held_job in held:
        bid = held_job.bid_per_qualified_applicant_cents or 0
        caps = _full_caps("company", company_caps, company_spent, bid=bid, now=now)
        caps += _full_caps("job", job_caps.get(held_job.pk, []), job_spent.get(held_job.pk, {}), bid=bid, now=now)
        # Never None: the query asked for budget_full_until__gt=now.
        full_until = held_job.budget_full_until
        until = None if full_until is None or full_until >= NEVER else full_until
        result.append(JobOffBoard(job=held_job, until=until, caps=caps))
    return result


@dataclass(frozen=True)
class JobsSummary:
    # Active jobs candidates can see; off_board: active ones a full budget keeps off the board.
    live: int
    off_board: int
    paused: int
    drafts: int
    new_applicants: int
    expiring_soon: list[Job]


def jobs_summary(*, company: Company, now: datetime, soon: timedelta = timedelta(days=7)) -> JobsSummary:
    """The overview's job figures in three queries, whatever the number of jobs."""
    jobs = Job.objects.filter(company=company)
    # The rule of JobQuerySet.within_budget, as an aggregate's filter.
    within_budget = Q(budget_full_until__isnull=True) | Q(budget_full_until__lte=now)
    counts = jobs.aggregate(
        live=Count("pk", filter=Q(status=JobStatus.ACTIVE, expires_at__gt=now) & within_budget),
        off_board=Count("pk", filter=Q(status=JobStatus.ACTIVE, expires_at__gt=now, budget_full_until__gt=now)),
        paused=Count("pk", filter=Q(status=JobStatus.PAUSED, expires_at__gt=now)),
        drafts=Count("pk", filter=Q(status=JobStatus.DRAFT)),
    )
    new_applicants = Application.objects.filter(job__company=company, viewed_at__isnull=True).count()
    expiring = list(
        jobs.filter(status__in=LIVE_STATUSES, expires_at__gt=now, expires_at__lte=now + soon).order_by("expires_at")
    )
    return JobsSummary(new_applicants=new_applicants, expiring_soon=expiring, **counts)


# JobDay's counters, in the order the stats API and the charts list them.
JOB_DAY_FIELDS = ("views", "applications", "qualified_applications", "accepted", "rejected", "spend_cents")


def job_days(*, job_id: UUID | str, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """One entry per day from `date_from` to `date_to` (both included), ascending, with zeros for days nothing
    happened: {"day", and each of JOB_DAY_FIELDS}. Reads only the range's rows, through the (job, day) index."""
    rows = JobDay.objects.filter(job_id=job_id, day__gte=date_from, day__lte=date_to).values("day", *JOB_DAY_FIELDS)
    stored = {row["day"]: row for row in rows}
    zeros = dict.fromkeys(JOB_DAY_FIELDS, 0)
    return [{**zeros, **stored.get(day, {}), "day": day} for day in each_day(date_from, date_to)]


@dataclass(frozen=True)
class FunnelStep:
    """One step of a job's funnel over a range: its count and its rate from the step before (None for the first
    step, or when the step before is 0)."""

    label: str
    count: int
    rate: float | None
    # The step before's label: the rate is a share of it.
    of: str


@dataclass(frozen=True)
class JobStats:
    """A job's figures over a range: one entry per day (job_days), their totals, the funnel views → applications
    → qualified → accepted, and the cost per qualified applicant in cents (None without a qualified one)."""

    days: list[dict[str, Any]]
    totals: dict[str, int]
    funnel: list[FunnelStep]
    cost_per_qualified_cents: int | None


def job_stats(*, job_id: UUID | str, date_from: date, date_to: date) -> JobStats:
    days = job_days(job_id=job_id, date_from=date_from, date_to=date_to)
    totals = {field: sum(day[field] for day in days) for field in JOB_DAY_FIELDS}
    steps = [
        ("Views", totals["views"]),
        ("Applications", totals["applications"]),
        ("Qualified applications", totals["qualified_applications"]),
        ("Accepted", totals["accepted"]),
    ]
    funnel = [FunnelStep(steps[0][0], steps[0][1], None, "")]
    for (before, before_count), (label, count) in zip(steps, steps[1:], strict=False):
        funnel.append(FunnelStep(label, count, count / before_count if before_count else None, before.lower()))
    qualified = totals["qualified_applications"]
    cost = round(totals["spend_cents"] / qualified) if qualified else None
    return JobStats(days=days, totals=totals, funnel=funnel, cost_per_qualified_cents=cost)


def company_job_days(*, company_id: int, date_from: date, date_to: date) -> dict[date, dict[str, int]]:
    """The company's jobs' views, applications and spend summed per day from `date_from` to `date_to` (both
    included), only the days that have a row: one query over the range's daily rows."""
    rows = (
        JobDay.objects.filter(job__company_id=company_id, day__gte=date_from, day__lte=date_to)
        .values("day")
        .annotate(sum_views=Sum("views"), sum_applications=Sum("applications"), sum_spend=Sum("spend_cents"))
        .order_by("day")
    )
    return {
        row["day"]: {
            "views": row["sum_views"] or 0,
            "applications": row["sum_applications"] or 0,
            "spend_cents": row["sum_spend"] or 0,
        }
        for row in rows
    }


def platform_job_days(*, date_from: date, date_to: date) -> dict[date, dict[str, int]]:
    """Every company's jobs' applications and spend per day from `date_from` to `date_to` (both included), only the
    days with any: one query over the range's daily rows, through the day index."""
    sums = (
        JobDay.objects.filter(day__gte=date_from, day__lte=date_to)
        .values("day")
        .annotate(sum_applications=Sum("applications"), sum_spend=Sum("spend_cents"))
        .order_by()
    )
    return {
        row["day"]: {"applications": row["sum_applications"] or 0, "spend_cents": row["sum_spend"] or 0} for row in sums
    }


def jobs_published_per_day(*, date_from: date, date_to: date) -> dict[date, int]:
    """How many jobs first went live on each UTC day of the range (only the days with any)."""
    return counts_per_day(
        Job.objects.filter(published_at__isnull=False), field="published_at", date_from=date_from, date_to=date_to
    )
