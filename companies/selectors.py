from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from plumbing.day_ranges import counts_per_day

from .models import Company, Membership, WebhookDelivery, WebhookEndpoint


def company_for_user(user: AbstractBaseUser | AnonymousUser) -> Company | None:
    """The company a logged-in user works for, read fresh (a block or disable applies at once)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    membership = Membership.objects.select_related("company").filter(user_id=user.pk).first()
    return membership.company if membership else None


def webhook_types_wanted(*, company_id: int, types: list[str]) -> set[str]:
    """Which of these event types an active endpoint of the company subscribed to (one query), so a service can
    skip building the data of an event nobody wants."""
    wanted: set[str] = set()
    endpoints = WebhookEndpoint.objects.filter(company_id=company_id, is_active=True)
    for events in endpoints.values_list("events", flat=True):
        wanted.update(events)
    return wanted & set(types)


def webhook_endpoints_for_company(*, company: Company) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(company=company).order_by("-created_at", "-id")


def webhook_endpoints_switched_off(*, company: Company) -> list[WebhookEndpoint]:
    """Endpoints we switched off for failing (not those the company paused itself), for the dashboard's notice."""
    return list(
        WebhookEndpoint.objects.filter(company=company, is_active=False, disabled_reason__isnull=False).order_by("-id")
    )


def webhook_deliveries_for_endpoint(
    *, endpoint: WebhookEndpoint, limit: int, before_id: int | None = None
) -> tuple[list[WebhookDelivery], int | None]:
    """A page of the endpoint's delivery log, newest first, and the id the next page starts before (or None)."""
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event").order_by("-id")
    if before_id is not None:
        deliveries = deliveries.filter(pk__lt=before_id)
    page = list(deliveries[: limit + 1])
    return page[:limit], page[limit - 1].pk if len(page) > limit else None


def is_company_staff(user: AbstractBaseUser | AnonymousUser, *, company_id: int) -> bool:
    """Whether a signed-in user works for this company (no query for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return Membership.objects.filter(user_id=user.pk, company_id=company_id).exists()


def companies_created_per_day(*, date_from: date, date_to: date) -> dict[date, int]:
    """How many companies joined on each UTC day of the range (only the days with any)."""
    return counts_per_day(Company.objects.all(), field="created_at", date_from=date_from, date_to=date_to)
