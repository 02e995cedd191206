"""Reads of company applications that more than one caller needs: the admins' search, the open application a
login names, the approved company's onboarding state."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from plumbing.day_ranges import counts_per_day, day_bounds, each_day

from ..models import ApplicationState, Company, CompanyApplication, OnboardingState

SORT_FIELDS = {"submittedAt": "submitted_at", "companyName": "company_name"}


@dataclass(frozen=True)
class ApplicationSearch:
    company_name: str = ""
    states: tuple[str, ...] = ()
    submitted_from: datetime | None = None
    submitted_to: datetime | None = None
    sort_by: str = "submittedAt"
    descending: bool = False
    limit: int = 20
    offset: int = 0


def company_applications_search(*, search: ApplicationSearch) -> tuple[list[CompanyApplication], int]:
    """One page of the applications matching the filters, and how many match in all."""
    found: QuerySet[CompanyApplication] = CompanyApplication.objects.all()
    if search.company_name:
        found = found.filter(company_name__icontains=search.company_name)
    if search.states:
        found = found.filter(state__in=search.states)
    if search.submitted_from is not None:
        found = found.filter(submitted_at__gte=search.submitted_from)
    if search.submitted_to is not None:
        found = found.filter(submitted_at__lte=search.submitted_to)
    field = SORT_FIELDS[search.sort_by]
    order = [f"-{field}", "-pk"] if search.descending else [field, "pk"]
    total = found.count()
    return list(found.order_by(*order)[search.offset : search.offset + search.limit]), total


def company_application_get(*, application_id: int) -> CompanyApplication | None:
    return CompanyApplication.objects.filter(pk=application_id).first()


def company_onboarding_state(*, company: Company) -> OnboardingState | None:
    """Where the approved company is in its first steps; None for a company that came from no application."""
    application = CompanyApplication.objects.filter(company=company, state=ApplicationState.APPROVED).first()
    return OnboardingState(application.onboarding) if application is not None else None


def company_applications_waiting_per_day(*, date_from: date, date_to: date) -> dict[date, int]:
    """How many confirmed applications were waiting for an admin's review at the end of each UTC day of the range
    (every day, zeros included): those waiting at the start, plus the day's confirmations, less its reviews. Three
    queries, whatever the range."""
    start, _ = day_bounds(date_from=date_from, date_to=date_from)
    confirmed = CompanyApplication.objects.filter(validated_at__isnull=False)
    waiting = confirmed.filter(validated_at__lt=start).exclude(reviewed_at__lt=start).count()
    arrived = counts_per_day(confirmed, field="validated_at", date_from=date_from, date_to=date_to)
    reviewed = counts_per_day(
        confirmed.filter(reviewed_at__isnull=False), field="reviewed_at", date_from=date_from, date_to=date_to
    )
    per_day = {}
    for day in each_day(date_from, date_to):
        waiting += arrived.get(day, 0) - reviewed.get(day, 0)
        per_day[day] = waiting
    return per_day
