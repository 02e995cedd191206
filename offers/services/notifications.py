"""The mail offer and company moderation cause: the company's staff are told, in the moderation's transaction, what
an admin did to one of their offers, or what happened to the company and what it means for their postings."""

from datetime import datetime

from django.urls import reverse

from companies.models import Company, NotificationKind
from companies.notifications.services import notify_staff
from plumbing.mail import absolute_url

from ..models import Offer


def offer_moderation_notify(*, offer: Offer, blocked: bool, reason: str, now: datetime) -> int:
    """An admin blocked (with `reason`) or unblocked (`reason`: the block's) one of the company's offers."""
    verb = "blocked" if blocked else "unblocked"
    return notify_staff(
        company_id=offer.company_id,
        kind=NotificationKind.OFFER_MODERATION,
        mail_kind=f"offer_{verb}",
        subject=f"Your offer was {verb}: {offer.title}",
        context={
            "offer_title": offer.title,
            "reason": reason,
            "offer_url": absolute_url(reverse("dashboard-offer", args=[offer.pk])),
        },
        now=now,
    )


COMPANY_SUBJECTS = {
    "block": "{name} was blocked",
    "unblock": "{name} was unblocked",
    "disable": "{name} was disabled",
    "enable": "{name} was enabled again",
}
MAIL_KINDS = {
    "block": "company_blocked",
    "unblock": "company_unblocked",
    "disable": "company_disabled",
    "enable": "company_enabled",
}


def company_moderation_notify(*, company: Company, action: str, by_admin: bool, now: datetime) -> int:
    """The company was blocked, unblocked, disabled or enabled (`action`); `company` as the moderation left it."""
    return notify_staff(
        company_id=company.pk,
        kind=NotificationKind.COMPANY_STANDING,
        mail_kind=MAIL_KINDS[action],
        subject=COMPANY_SUBJECTS[action].format(name=company.name),
        context={
            "company_name": company.name,
            "reason": company.admin_reason or "",
            "by_admin": by_admin,
            "still_blocked": company.is_blocked,
            "still_disabled": company.is_disabled,
            "dashboard_url": absolute_url(reverse("dashboard")),
        },
        now=now,
    )
