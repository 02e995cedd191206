"""Every write about staff notifications: queueing the mails (in the caller's transaction, so a rolled-back change
tells nobody), sending once what must go once, and saving or turning off a staff member's choices.

Notification mail is for the company's own staff only (its memberships), and each one carries its recipient's
List-Unsubscribe link for that kind; account mail (invitations, password resets, the candidate's mail) goes
straight through plumbing.services.mail_queue and carries none."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from plumbing.mail import absolute_url, mail_render
from plumbing.services import mail_queue
from plumbing.unsubscribe import unsubscribe_url

from .. import validators
from ..exceptions import ValidationFailed
from ..models import (
    Company,
    Membership,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    NotificationSent,
)
from .selectors import staff_choosing

# The unsubscribe token kind of staff notifications (plumbing.unsubscribe); its payload names the staff member
# and the notification kind to turn off.
STAFF_TOKEN = "staff"


def staff_unsubscribe_url(*, user_id: int, kind: str) -> str:
    return unsubscribe_url(kind=STAFF_TOKEN, payload={"user": user_id, "notification": kind})


def notify_staff_member(
    *, user: User, kind: str, mail_kind: str, subject: str, context: Mapping[str, Any], now: datetime
) -> None:
    """Queues one notification mail to one staff member, whatever their choice (the caller chose them)."""
    context = {
        **context,
        "notification_label": NotificationKind(kind).label,
        "preferences_url": absolute_url(reverse("dashboard-notifications")),
    }
    mail = mail_render(
        kind=mail_kind,
        to=user.email,
        subject=subject,
        context=context,
        unsubscribe_url=staff_unsubscribe_url(user_id=user.pk, kind=kind),
    )
    mail_queue(mail=mail, now=now)


def notify_staff(
    *, company_id: int, kind: str, mail_kind: str, subject: str, context: Mapping[str, Any], now: datetime
) -> int:
    """Queues the mail `mail_kind` to each of the company's staff who want `kind` right away; answers how many.
    Call it inside the transaction of the change it tells about."""
    recipients = staff_choosing(company_id=company_id, kind=kind, delivery=NotificationDelivery.INSTANT)
    if recipients and "company_name" not in context:
        context = {**context, "company_name": Company.objects.values_list("name", flat=True).get(pk=company_id)}
    for user in recipients:
        notify_staff_member(user=user, kind=kind, mail_kind=mail_kind, subject=subject, context=context, now=now)
    return len(recipients)


def notification_claim(*, company_id: int, kind: str, key: str, now: datetime) -> bool:
    """Records that the notification `kind` named `key` goes to the company now; False when it went already.
    In the caller's transaction (a savepoint of it): of two racing callers the second waits for the first to
    commit and then gets False, and a rolled-back caller leaves it to be sent again."""
    try:
        with transaction.atomic():
            NotificationSent.objects.create(company_id=company_id, kind=kind, key=key[:200], created_at=now)
    except IntegrityError:
        return False
    return True


def notify_staff_once(
    *, company_id: int, kind: str, key: str, mail_kind: str, subject: str, context: Mapping[str, Any], now: datetime
) -> int:
    """notify_staff, the first time only for this company, kind and key (a job's budget window and period)."""
    if not notification_claim(company_id=company_id, kind=kind, key=key, now=now):
        return 0
    return notify_staff(
        company_id=company_id, kind=kind, mail_kind=mail_kind, subject=subject, context=context, now=now
    )


def notification_preferences_save(*, user_id: int, choices: Mapping[str, str], now: datetime | None = None) -> None:
    """Saves a staff member's choices (kind → instant, daily or off); kinds left out keep theirs. One statement
    per save, an insert-or-update, so two saves at once never fail on the unique constraint."""
    errors = validators.notification_preference_errors(choices, kinds=NotificationKind.values)
    if errors:
        raise ValidationFailed(errors, "Your choices were not saved.")
    now = now or timezone.now()
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user_id=user_id, kind=kind, delivery=delivery, updated_at=now)
            for kind, delivery in choices.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery", "updated_at"],
    )


@dataclass(frozen=True)
class StaffUnsubscribe:
    """What a staff unsubscribe link turns off, for its confirmation page."""

    user_id: int
    email: str
    kind: str
    label: str
    is_off: bool
    # The page says where staff choose their mail again; a candidate's alert has no such place.
    for_staff: bool = True


def staff_unsubscribe_target(*, payload: Mapping[str, Any]) -> StaffUnsubscribe | None:
    """What the token's payload names, or None when it names no staff member (any more) or no known kind."""
    user_id, kind = payload.get("user"), payload.get("notification")
    if not isinstance(user_id, int) or kind not in NotificationKind.values:
        return None
    membership = Membership.objects.select_related("user").filter(user_id=user_id).first()
    if membership is None:
        return None
    delivery = NotificationPreference.objects.filter(user_id=user_id, kind=kind).values_list("delivery", flat=True)
    return StaffUnsubscribe(
        user_id=user_id,
        email=membership.user.email,
        kind=str(kind),
        label=NotificationKind(kind).label,
        is_off=delivery.first() == NotificationDelivery.OFF,
    )


def staff_unsubscribe(*, payload: Mapping[str, Any], now: datetime | None = None) -> StaffUnsubscribe | None:
    """Turns off the notification the token names for its staff member (idempotent); None when it names nobody."""
    target = staff_unsubscribe_target(payload=payload)
    if target is None:
        return None
    notification_preferences_save(user_id=target.user_id, choices={target.kind: NotificationDelivery.OFF}, now=now)
    return replace(target, is_off=True)
