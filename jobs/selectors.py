"""Reads of jobs that more than one caller needs."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce

from companies.models import Company

from .models import (
    LIVE_STATUSES,
    Application,
    Budget,
    BudgetWindow,
    Charge,
    CompanyBudget,
    Job,
    JobLocation,
    JobStatus,
    Location,
    Qualification,
    Question,
    budget_window_start,
)
from .validators import SCALAR_FIELDS


def jobs_for_company(*, company: Company) -> QuerySet[Job]:
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


def job_rows_for_company(*, company: Company) -> QuerySet:
    """The company's jobs as rows (dicts) of the job resource's columns and counts, newest first; the partner API
    reads these with job_rows_with_children instead of model objects and prefetches, which cost it as much as
    its SQL (bin/bench)."""
    return (
        Job.objects.filter(company=company)
        .with_application_counts()
        .order_by("-created_at", "-id")
        .values(*JOB_RESOURCE_COLUMNS)
    )


def job_rows_with_children(rows: list[dict]) -> list[dict]:
    """Each row gains its "locations", "qualifications", "questions" and "budgets" (lists of dicts, in the job's
    order): four queries for any number of rows."""
    job_ids = [row["id"] for row in rows]
    children = {
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


@dataclass(frozen=True)
class WindowSpend:
    window: str
    spent_cents: int
    cap_cents: int | None
    notes: str = ""

    @property
    def percent(self) -> int | None:
        if not self.cap_cents:
            return None
        return min(100, round(100 * self.spent_cents / self.cap_cents))


def _spend_by_window(charges: QuerySet[Charge], *, now: datetime) -> dict[str, int]:
    """What was charged (skipped and refunded charges cost nothing) in each current window, in one query."""
    sums = {}
    for window in BudgetWindow.values:
        start = budget_window_start(window, now)
        condition = None if start is None else Q(created_at__gte=start)
        sums[window] = Coalesce(Sum("amount_cents", filter=condition), 0)
    return charges.billed().aggregate(**sums)


def _window_rows(spent: dict[str, int], caps) -> list[WindowSpend]:
    by_window = {cap.window: cap for cap in caps}
    return [
        WindowSpend(
            window=w,
            spent_cents=spent[w],
            cap_cents=by_window[w].budget_cents if w in by_window else None,
            notes=by_window[w].notes if w in by_window else "",
        )
        for w in BudgetWindow.values
    ]


def company_spend(*, company: Company, now: datetime) -> list[WindowSpend]:
    """Spend across every job of the company in each budget window, beside its company-wide caps."""
    spent = _spend_by_window(Charge.objects.filter(company=company), now=now)
    return _window_rows(spent, CompanyBudget.objects.filter(company=company))


def job_spend(*, job: Job, now: datetime) -> list[WindowSpend]:
    """Spend of one job in each window, beside the job's own caps (budgets prefetched or not)."""
    return _window_rows(_spend_by_window(Charge.objects.filter(job=job), now=now), job.budgets.all())


@dataclass(frozen=True)
class JobsSummary:
    live: int
    paused: int
    drafts: int
    new_applicants: int
    expiring_soon: list


def jobs_summary(*, company: Company, now: datetime, soon: timedelta = timedelta(days=7)) -> JobsSummary:
    """The overview's job figures in three queries, whatever the number of jobs."""
    jobs = Job.objects.filter(company=company)
    counts = jobs.aggregate(
        live=Count("pk", filter=Q(status=JobStatus.ACTIVE, expires_at__gt=now)),
        paused=Count("pk", filter=Q(status=JobStatus.PAUSED, expires_at__gt=now)),
        drafts=Count("pk", filter=Q(status=JobStatus.DRAFT)),
    )
    new_applicants = Application.objects.filter(job__company=company, viewed_at__isnull=True).count()
    expiring = list(
        jobs.filter(status__in=LIVE_STATUSES, expires_at__gt=now, expires_at__lte=now + soon).order_by("expires_at")
    )
    return JobsSummary(new_applicants=new_applicants, expiring_soon=expiring, **counts)
