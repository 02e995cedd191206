"""Reads of jobs that more than one caller needs."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from companies.models import Company

from .models import (
    LIVE_STATUSES,
    Application,
    BudgetWindow,
    Charge,
    CompanyBudget,
    Job,
    JobLocation,
    JobStatus,
    Location,
    budget_window_start,
)


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


def locations_search(*, query: str, country: str = "United States", limit: int = 10) -> list[Location]:
    """Cities whose name starts with the query, biggest first, then other matches."""
    q = query.strip().lower()
    base = Location.objects.filter(country__iexact=country)
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
    """What was charged (skipped charges cost nothing) in each current window, in one query."""
    sums = {}
    for window in BudgetWindow.values:
        start = budget_window_start(window, now)
        condition = Q(skipped=False) if start is None else Q(skipped=False, created_at__gte=start)
        sums[window] = Coalesce(Sum("amount_cents", filter=condition), 0)
    return charges.aggregate(**sums)


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
