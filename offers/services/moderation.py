"""Company moderation that cascades to the company's offers: block, unblock, disable, enable.

The company flag is set by companies.services in the same transaction as the cascade, with the company row
locked, so the company's standing and its offers' visibility never disagree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from companies import services as company_services
from companies.models import Company

from .. import exceptions as exc
from ..actors import Actor
from ..models import HiddenReason, Offer
from .notifications import company_moderation_notify
from .offers import admin_reason_clean
from .shared import actor_company_id, announce_hidden, find_company, lock_company, require_admin, require_caller


@dataclass(frozen=True)
class CompanyModeration:
    """What one company moderation did, for the admin's report: whether the flag changed (False: it was
    already so) and how many of the company's offers the cascade hid, showed again, or kept hidden under the
    other company-level reason."""

    company: Company
    changed: bool
    offers_hidden: int = 0
    offers_shown: int = 0
    offers_kept_hidden: int = 0


def company_to_moderate(*, actor: Actor, company_id: int) -> Company:
    """For what the company itself, admins and god may do to a company (disable, enable, ask about the limit)."""
    require_caller(actor)
    if not actor.is_admin and actor_company_id(actor) != company_id:
        raise exc.NotPermitted()
    return find_company(company_id)


def _cascade(
    company: Company, *, hide_with: str | None = None, unhide: str | None = None, now: datetime
) -> dict[str, int]:
    """Hides the company's visible offers with a reason, or lifts only the offers hidden for that reason, and
    answers how many offers each way (CompanyModeration's counts).

    When the other company-level reason still applies, lifted offers keep hidden under it instead,
    so a company both blocked and disabled shows nothing until both are lifted.
    """
    offers = Offer.objects.filter(company=company)
    if hide_with:
        # Locked so an offer its company hides at this moment is announced hidden by one of the two writes only.
        shown = list(offers.filter(is_hidden=False).select_for_update().values_list("pk", "is_archived", "ended_at"))
        Offer.objects.filter(pk__in=[pk for pk, _, _ in shown]).update(
            is_hidden=True, hidden_reason=hide_with, updated_at=now
        )
        on_board = [(pk, company.pk) for pk, archived, ended_at in shown if not archived and ended_at is None]
        announce_hidden(on_board, reason=hide_with, now=now)
        return {"offers_hidden": len(shown)}
    still = (
        HiddenReason.COMPANY_DISABLED
        if company.is_disabled
        else HiddenReason.COMPANY_BLOCKED
        if company.is_blocked
        else None
    )
    lifted = offers.filter(is_hidden=True, hidden_reason=unhide)
    if still:
        return {"offers_kept_hidden": lifted.update(hidden_reason=still, updated_at=now)}
    return {"offers_shown": lifted.update(is_hidden=False, hidden_reason=None, updated_at=now)}


# Each company moderation: the company flag it sets, the value it sets, and the reason its offers hide with.
COMPANY_MODERATIONS = {
    "block": ("is_blocked", True, HiddenReason.COMPANY_BLOCKED),
    "unblock": ("is_blocked", False, HiddenReason.COMPANY_BLOCKED),
    "disable": ("is_disabled", True, HiddenReason.COMPANY_DISABLED),
    "enable": ("is_disabled", False, HiddenReason.COMPANY_DISABLED),
}


def company_moderate(
    *, actor: Actor, company_id: int, action: str, admin_reason: str | None = None, now: datetime | None = None
) -> CompanyModeration:
    """Blocks, unblocks, disables or enables a company and cascades to its offers, in one transaction with the
    company row locked; answers what changed. Blocking and unblocking are for admins; disabling and enabling
    also for the company itself. A block needs admin_reason."""
    flag, value, reason = COMPANY_MODERATIONS[action]
    if flag == "is_blocked":
        require_admin(actor)
        company = find_company(company_id)
    else:
        company = company_to_moderate(actor=actor, company_id=company_id)
    if action == "block":
        admin_reason = admin_reason_clean(admin_reason or "")
    who = actor.user or actor.label
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_company(company.pk)
        changed = getattr(locked, flag) != value
        if flag == "is_blocked":
            company = company_services.company_set_blocked(
                company=locked, blocked=value, admin_reason=admin_reason, actor=who
            )
        else:
            company = company_services.company_set_disabled(company=locked, disabled=value, actor=who)
        counts = _cascade(company, hide_with=reason, now=now) if value else _cascade(company, unhide=reason, now=now)
        if changed:
            company_moderation_notify(company=company, action=action, by_admin=actor.is_admin, now=now)
    return CompanyModeration(company=company, changed=changed, **counts)


def company_block(*, actor: Actor, company_id: int, admin_reason: str, now: datetime | None = None) -> Company:
    return company_moderate(
        actor=actor, company_id=company_id, action="block", admin_reason=admin_reason, now=now
    ).company


def company_unblock(*, actor: Actor, company_id: int, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="unblock", now=now).company


def company_disable(*, actor: Actor, company_id: int, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="disable", now=now).company


def company_enable(*, actor: Actor, company_id: int, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="enable", now=now).company
