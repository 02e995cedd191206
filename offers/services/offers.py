"""Every write about one offer: create, edit, hide, block (disable), enable, archive.

Rules that count offers per company (the concurrent limit) run with the company row locked in
the same transaction as the write, so racing requests are serialised per company.
"""

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from companies.models import Company
from plumbing.posting_html import sanitize_html

from .. import exceptions as exc
from ..actors import Actor
from ..models import HiddenReason, Offer
from ..search_index import offer_refresh_search_vector
from ..validators import OfferData, admin_reason_errors, offer_errors
from .notifications import offer_moderation_notify
from .shared import (
    actor_company_id,
    announce_hidden,
    check_concurrent_limit,
    find_offer,
    lock_company,
    record_moderation,
    refuse_blocked_or_disabled_caller,
    refuse_company_in_bad_standing,
    require_admin,
    require_caller,
    require_owner,
)

logger = logging.getLogger(__name__)


def _columns(data: OfferData) -> dict[str, Any]:
    """The values to write: the description as sanitized HTML."""
    values: dict[str, Any] = dict(data)
    if "description" in values:
        values["description"] = sanitize_html(values["description"])
    return values


def offer_create(*, actor: Actor, company: Company, data: OfferData, now: datetime | None = None) -> Offer:
    """A company's new offer (admins and god name any company). Without publish_date it is published now."""
    now = now or timezone.now()
    require_caller(actor)
    if not actor.is_admin and actor_company_id(actor) != company.pk:
        raise exc.NotPermitted()
    errors = offer_errors(data, stored=None, now=now)
    if errors:
        raise exc.ValidationFailed(errors)
    values = _columns(data)
    values.setdefault("publish_date", now)
    with transaction.atomic():
        company = lock_company(company.pk)
        if company.is_blocked:
            raise exc.CompanyBlocked()
        hidden = values.get("is_hidden", False)
        if not hidden:
            check_concurrent_limit(company_id=company.pk, window=(values["publish_date"], values["publish_end_date"]))
        if company.is_disabled and not actor.is_admin:
            raise exc.CompanyDisabled()
        offer = Offer.objects.create(
            company=company, hidden_reason=HiddenReason.COMPANY_REQUEST if hidden else None, **values
        )
        offer_refresh_search_vector(offer=offer)
    logger.info("offer %s created for company %s by %s", offer.pk, company.pk, actor.label)
    return offer


def _refuse_edit(actor: Actor, offer: Offer) -> None:
    refuse_company_in_bad_standing(offer.company)
    if offer.hidden_reason == HiddenReason.ADMIN_REQUEST and not actor.is_admin:
        raise exc.OfferBlockedByAdmin()


def offer_check_editable(*, actor: Actor, offer_id: int) -> Offer:
    """The refusals an edit makes before it judges the changes, in the documented order; answers the offer as
    stored, for judging them."""
    require_caller(actor)
    offer = find_offer(offer_id)
    refuse_blocked_or_disabled_caller(actor)
    _refuse_edit(actor, offer)
    return offer


def offer_edit(*, actor: Actor, offer_id: int, changes: OfferData, now: datetime | None = None) -> Offer:
    """Changes any subset of an offer's fields (is_hidden is for hide and enable, and is ignored here)."""
    now = now or timezone.now()
    require_caller(actor)
    found = find_offer(offer_id)
    refuse_blocked_or_disabled_caller(actor)
    with transaction.atomic():
        company = lock_company(found.company_id)
        offer = Offer.objects.select_for_update().get(pk=found.pk)
        offer.company = company
        _refuse_edit(actor, offer)
        errors = offer_errors(changes, stored=offer, now=now)
        if errors:
            raise exc.ValidationFailed(errors)
        require_owner(actor, offer)
        values = _columns(changes)
        values.pop("is_hidden", None)
        window = (
            values.get("publish_date", offer.publish_date),
            values.get("publish_end_date", offer.publish_end_date),
        )
        window_changed = window != (offer.publish_date, offer.publish_end_date)
        if window_changed and not offer.is_hidden and not offer.is_archived:
            check_concurrent_limit(company_id=company.pk, window=window, exclude_pk=offer.pk)
        if window_changed and window[1] > now:
            values["ended_at"] = None  # extended past now: no longer ended
        for name, value in values.items():
            setattr(offer, name, value)
        offer.save()
        offer_refresh_search_vector(offer=offer)
    return offer


def _offer_to_act_on(actor: Actor, offer_id: int) -> Offer:
    """The shared checks of hide, enable and archive, in the documented order."""
    require_caller(actor)
    offer = find_offer(offer_id)
    refuse_blocked_or_disabled_caller(actor)
    require_owner(actor, offer)
    return offer


def offer_hide(*, actor: Actor, offer_id: int, now: datetime | None = None) -> Offer:
    offer = _offer_to_act_on(actor, offer_id)
    now = now or timezone.now()
    # One transaction: the offer, its event and the moderation record are kept together or not at all.
    with transaction.atomic():
        changed = Offer.objects.filter(pk=offer.pk, is_hidden=False).update(
            is_hidden=True, hidden_reason=HiddenReason.COMPANY_REQUEST, updated_at=now
        )
        if not changed:
            raise exc.OfferIsHidden()
        if not offer.is_archived and offer.ended_at is None:
            announce_hidden([(offer.pk, offer.company_id)], reason=HiddenReason.COMPANY_REQUEST, now=now)
        record_moderation(actor, "offer_hide", "offer", offer.pk)
    offer.refresh_from_db()
    return offer


def admin_reason_clean(admin_reason: str) -> str:
    """The reason an admin gives, checked and trimmed."""
    errors = admin_reason_errors(admin_reason)
    if errors:
        raise exc.ValidationFailed(errors)
    return admin_reason.strip()


def offer_disable(*, actor: Actor, offer_id: int, admin_reason: str, now: datetime | None = None) -> Offer:
    """An admin blocks an offer: hidden with ADMIN_REQUEST until an admin enables it."""
    require_admin(actor)
    offer = find_offer(offer_id)
    reason = admin_reason_clean(admin_reason)
    now = now or timezone.now()
    with transaction.atomic():
        # Locked so that of two racing blocks only the first one blocks; the second finds it blocked.
        before = Offer.objects.select_for_update().get(pk=offer.pk)
        if before.hidden_reason == HiddenReason.ADMIN_REQUEST:
            # The first block's reason is what the company and other admins were told; a second block must not
            # rewrite it (an admin who means a different reason enables, then blocks again).
            raise exc.OfferBlockedByAdmin()
        Offer.objects.filter(pk=offer.pk).update(
            is_hidden=True, hidden_reason=HiddenReason.ADMIN_REQUEST, admin_reason=reason, updated_at=now
        )
        # Announced only when the block takes it off the board, as the company cascade and offer_hide do: an
        # offer hidden already (by its company, with its company, or by an earlier block), archived or ended was
        # not showing.
        if not before.is_hidden and not before.is_archived and before.ended_at is None:
            announce_hidden([(offer.pk, offer.company_id)], reason=HiddenReason.ADMIN_REQUEST, now=now)
        record_moderation(actor, "offer_block", "offer", offer.pk, reason)
        offer_moderation_notify(offer=before, blocked=True, reason=reason, now=now)
    offer.refresh_from_db()
    return offer


def offer_enable(*, actor: Actor, offer_id: int, now: datetime | None = None) -> Offer:
    """Un-hides an offer, subject to the concurrent limit. An admin lifting an admin's block tells the company."""
    found = _offer_to_act_on(actor, offer_id)
    now = now or timezone.now()
    with transaction.atomic():
        company = lock_company(found.company_id)
        offer = Offer.objects.select_for_update().get(pk=found.pk)
        refuse_company_in_bad_standing(company)
        if offer.hidden_reason == HiddenReason.ADMIN_REQUEST and not actor.is_admin:
            raise exc.OfferBlockedByAdmin()
        if offer.is_hidden:
            if not offer.is_archived:
                check_concurrent_limit(
                    company_id=company.pk, window=(offer.publish_date, offer.publish_end_date), exclude_pk=offer.pk
                )
            Offer.objects.filter(pk=offer.pk).update(
                is_hidden=False, hidden_reason=None, admin_reason=None, updated_at=now
            )
            record_moderation(actor, "offer_enable", "offer", offer.pk)
            if offer.hidden_reason == HiddenReason.ADMIN_REQUEST:
                offer_moderation_notify(offer=offer, blocked=False, reason=offer.admin_reason or "", now=now)
    offer.refresh_from_db()
    return offer


def offer_archive(*, actor: Actor, offer_id: int, now: datetime | None = None) -> Offer:
    offer = _offer_to_act_on(actor, offer_id)
    with transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(is_archived=True, updated_at=now or timezone.now())
        record_moderation(actor, "offer_archive", "offer", offer.pk)
    offer.refresh_from_db()
    return offer
