"""Reads about staff notification choices."""

from django.contrib.auth.models import User

from ..models import Membership, NotificationDelivery, NotificationKind, NotificationPreference


def notification_preferences_for_user(*, user_id: int) -> dict[str, str]:
    """Every kind's delivery for one staff member: what they chose, or right away where they chose nothing."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, NotificationDelivery.INSTANT.value) for kind in NotificationKind.values}


def staff_choosing(*, company_id: int, kind: str, delivery: str) -> list[User]:
    """The company's active staff whose choice for `kind` is `delivery` (no choice counts as right away).

    Only members of this company: another company's staff can never be among them."""
    members = Membership.objects.filter(company_id=company_id, user__is_active=True).exclude(user__email="")
    chosen = NotificationPreference.objects.filter(kind=kind, user_id__in=members.values("user_id"))
    if delivery == NotificationDelivery.INSTANT:
        members = members.exclude(user_id__in=chosen.exclude(delivery=delivery).values("user_id"))
    else:
        members = members.filter(user_id__in=chosen.filter(delivery=delivery).values("user_id"))
    return [member.user for member in members.select_related("user").order_by("user_id")]


def staff_with_daily_digest(*, kind: str) -> list[Membership]:
    """Every active staff member, across companies, who chose the daily digest for `kind`, with their company."""
    chose = NotificationPreference.objects.filter(kind=kind, delivery=NotificationDelivery.DAILY).values("user_id")
    return list(
        Membership.objects.filter(user_id__in=chose, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "company")
        .order_by("company_id", "user_id")
    )
