"""Budgets and the budget state they leave: job and company-wide caps, and when each job's fullest window resets."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from companies.models import Company

from .. import exceptions as exc
from ..budget_windows import budget_window_end, budget_window_start
from ..choices import LIVE_STATUSES
from ..models import Charge, CompanyBudget, Job
from ..validators import budget_window_errors


def jobs_refresh_budget_state(*, jobs: QuerySet[Job], now: datetime) -> int:
    """Stores in budget_full_until when each job's full budget window resets (NULL: none is full), from the
    ledger's live definition (JobQuerySet.budget_exhausted). Callers run it in the transaction that changed
    spend, budgets or bids, so listings read one column and never go stale; a window's reset needs no
    write, because a reader compares the stored time with its own `now`."""
    updated: int = jobs.update(budget_full_until=Job.objects.budget_full_until(now=now))
    return updated


def company_jobs_refresh_budget_state(*, company_id: int, now: datetime, left: dict[str, int] | None = None) -> None:
    """Refreshes the company's live jobs after its company-wide budgets or spend changed. With `left` (what each
    company window has left to spend) only jobs whose bid exceeds the least of it can have become full, and a job
    already stored as full past every company window's reset cannot be held longer by them: one charge touches
    the jobs it fills, not all. A job full only until an earlier reset (its own day) is refreshed, or it would
    reappear then while the company's month is still full."""
    jobs = Job.objects.filter(company_id=company_id, status__in=LIVE_STATUSES)
    if left is not None:
        latest_reset = max(budget_window_end(window, now) for window in left)
        jobs = jobs.filter(bid_per_qualified_applicant_cents__gt=min(left.values())).filter(
            Q(budget_full_until__isnull=True) | Q(budget_full_until__lt=latest_reset)
        )
    jobs_refresh_budget_state(jobs=jobs, now=now)


def company_budget_left(*, company_id: int, now: datetime) -> dict[str, int]:
    """What each company-wide window has left to spend at `now`; empty without company budgets."""
    charges = Charge.objects.billed().filter(company_id=company_id)
    left = {}
    for cap in CompanyBudget.objects.filter(company_id=company_id):
        start = budget_window_start(cap.window, now)
        spent = charges.filter(created_at__gte=start) if start is not None else charges
        left[cap.window] = cap.budget_cents - (spent.aggregate(total=Sum("amount_cents"))["total"] or 0)
    return left


@transaction.atomic
def company_budget_set(
    *, company: Company, window: str, budget_cents: int, notes: str = "", now: datetime | None = None
) -> CompanyBudget:
    """Sets (or replaces) the company-wide cap for one window, spanning every job of the company."""
    # Serialised with charges (application_submit locks the company first), so the refresh below sees them all.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    budget, _ = CompanyBudget.objects.update_or_create(
        company=company, window=window, defaults={"budget_cents": budget_cents, "notes": notes}
    )
    company_jobs_refresh_budget_state(company_id=company.pk, now=now or timezone.now())
    return budget


@transaction.atomic
def company_budgets_replace(*, company: Company, budgets: list[dict[str, Any]]) -> None:
    """The company-wide caps become exactly `budgets` (a replace-set, like a job's): windows left out lose
    their cap. One window each, by the same rule as a job's budgets."""
    errors = budget_window_errors([b["window"] for b in budgets])
    if errors:
        raise exc.ValidationFailed(errors)
    # Two saves at once would each delete what the other left out and keep a mix neither asked for.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    now = timezone.now()
    CompanyBudget.objects.filter(company=company).exclude(window__in=[b["window"] for b in budgets]).delete()
    for budget in budgets:
        company_budget_set(company=company, **budget, now=now)
    if not budgets:
        company_jobs_refresh_budget_state(company_id=company.pk, now=now)
