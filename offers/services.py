"""Every write about offers, and the company moderation flows that cascade to them.

Rules that count offers per company (the concurrent limit) run with the company row locked in
the same transaction as the write, so racing requests are serialised per company.
"""

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from companies import services as company_services
from companies.models import Company, WebhookEndpoint
from companies.webhooks import NewEvent, webhook_events_record

from . import exceptions as exc
from .actors import Actor
from .models import HiddenReason, Offer
from .search_index import offer_refresh_search_vector
from .validators import FieldError, contains_nul, full_period, offer_body_errors, parse_id

logger = logging.getLogger(__name__)


def _find_offer(offer_id) -> Offer:
    pk = parse_id(offer_id)
    offer = Offer.objects.select_related("company").filter(pk=pk).first() if pk else None
    if offer is None:
        raise exc.offer_not_found(offer_id)
    return offer


def find_company(company_id) -> Company:
    """The company a path names, or 404 no-company-found-with-id (malformed ids included)."""
    pk = parse_id(company_id)
    company = Company.objects.filter(pk=pk).first() if pk else None
    if company is None:
        raise exc.company_not_found(company_id)
    return company


def _lock_company(company_id: int) -> Company:
    return Company.objects.select_for_update().get(pk=company_id)


def _require_caller(actor: Actor) -> None:
    if actor.kind == "anonymous":
        raise exc.forbidden("insufficient-permissions", 401)


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise exc.forbidden("insufficient-permissions", 401)


def _refuse_company_in_bad_standing(company: Company) -> None:
    if company.is_blocked:
        raise exc.forbidden("company-blocked")
    if company.is_disabled:
        raise exc.forbidden("company-disabled")


def _refuse_blocked_or_disabled_caller(actor: Actor) -> None:
    """A company account cannot act while it is blocked or disabled; admins and god can."""
    if actor.kind == "company":
        _refuse_company_in_bad_standing(Company.objects.get(pk=actor.company.pk))


def _require_owner(actor: Actor, offer: Offer) -> None:
    if actor.kind == "company" and not actor.owns(offer.company_id):
        raise exc.forbidden(f"not-offer-owner:{offer.pk}")


def _check_concurrent_limit(
    *, company_id: int, window: tuple[datetime, datetime], exclude_pk: int | None = None
) -> None:
    """Call with the company row locked."""
    start, end = window
    others = Offer.objects.filter(company_id=company_id).counting_toward_limit().overlapping(start, end)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    full = full_period(window, others.values_list("publish_date", "publish_end_date"))
    if full is not None:
        raise exc.limit_reached(window=full)


def _moderation(actor: Actor, action: str, target: str, target_id, reason: str = "") -> None:
    if actor.is_admin:
        company_services.moderation_record(
            actor=actor.user or actor.label, action=action, target_type=target, target_id=target_id, reason=reason
        )


def _owner_errors(actor: Actor, body: Mapping) -> tuple[list[FieldError], int | None]:
    """Admins and god name the company with `owner`; a company account always writes for itself."""
    if not actor.is_admin:
        return [], actor.company.pk
    raw = body.get("owner")
    if raw is None:
        return [FieldError("owner", "required", None)], None
    pk = parse_id(raw)
    if pk is None or not Company.objects.filter(pk=pk).exists():
        return [FieldError("owner", f"no-company-found-with-id:{raw}", raw)], None
    return [], pk


# The hiddenReason of offer.hidden when the sweep ends an offer (not a HiddenReason: nobody hid it).
ENDED = "ENDED"


def _announce_hidden(offers: Iterable[tuple[int, int]], *, reason: str, now: datetime) -> None:
    """offer.hidden for each (offer id, company id), in the caller's transaction."""
    webhook_events_record(
        events=[
            NewEvent(
                company_id=company_id, type="offer.hidden", data={"offerId": str(offer_id), "hiddenReason": reason}
            )
            for offer_id, company_id in offers
        ],
        now=now,
    )


def offer_create(*, actor: Actor, body: Mapping, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    _require_caller(actor)
    errors, clean = offer_body_errors(body, stored=None, now=now)
    owner_errors, company_id = _owner_errors(actor, body if isinstance(body, Mapping) else {})
    if errors or owner_errors:
        raise exc.invalid(owner_errors + errors)
    with transaction.atomic():
        company = _lock_company(company_id)
        if company.is_blocked:
            raise exc.forbidden("company-blocked")
        hidden = clean.get("is_hidden", False)
        if not hidden:
            _check_concurrent_limit(company_id=company.pk, window=(clean["publish_date"], clean["publish_end_date"]))
        if company.is_disabled and not actor.is_admin:
            raise exc.forbidden("company-disabled")
        offer = Offer.objects.create(
            company=company, hidden_reason=HiddenReason.COMPANY_REQUEST if hidden else None, **clean
        )
        offer_refresh_search_vector(offer=offer)
    logger.info("offer %s created for company %s by %s", offer.pk, company.pk, actor.label)
    return offer


def offer_edit(*, actor: Actor, offer_id, body: Mapping, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    _require_caller(actor)
    found = _find_offer(offer_id)
    _refuse_blocked_or_disabled_caller(actor)
    with transaction.atomic():
        company = _lock_company(found.company_id)
        offer = Offer.objects.select_for_update().get(pk=found.pk)
        offer.company = company
        _refuse_company_in_bad_standing(company)
        if offer.hidden_reason == HiddenReason.ADMIN_REQUEST and not actor.is_admin:
            raise exc.forbidden("offer-blocked-by-admin")
        stored = {f.attname: getattr(offer, f.attname) for f in Offer._meta.concrete_fields}
        errors, clean = offer_body_errors(body, stored=stored, now=now)
        if errors:
            raise exc.invalid(errors)
        _require_owner(actor, offer)
        window = (clean.get("publish_date", offer.publish_date), clean.get("publish_end_date", offer.publish_end_date))
        window_changed = window != (offer.publish_date, offer.publish_end_date)
        if window_changed and not offer.is_hidden and not offer.is_archived:
            _check_concurrent_limit(company_id=company.pk, window=window, exclude_pk=offer.pk)
        if window_changed and window[1] > now:
            clean["ended_at"] = None  # extended past now: no longer ended
        for field, value in clean.items():
            setattr(offer, field, value)
        offer.save()
        offer_refresh_search_vector(offer=offer)
    return offer


def _offer_to_act_on(actor: Actor, offer_id) -> Offer:
    """The shared checks of hide, enable and archive, in the documented order."""
    _require_caller(actor)
    offer = _find_offer(offer_id)
    _refuse_blocked_or_disabled_caller(actor)
    _require_owner(actor, offer)
    return offer


def offer_hide(*, actor: Actor, offer_id, now: datetime | None = None) -> Offer:
    offer = _offer_to_act_on(actor, offer_id)
    now = now or timezone.now()
    # One transaction: the offer, its event and the moderation record are kept together or not at all.
    with transaction.atomic():
        changed = Offer.objects.filter(pk=offer.pk, is_hidden=False).update(
            is_hidden=True, hidden_reason=HiddenReason.COMPANY_REQUEST, updated_at=now
        )
        if not changed:
            raise exc.forbidden("offer-is-hidden")
        if not offer.is_archived and offer.ended_at is None:
            _announce_hidden([(offer.pk, offer.company_id)], reason=HiddenReason.COMPANY_REQUEST, now=now)
        _moderation(actor, "offer_hide", "offer", offer.pk)
    offer.refresh_from_db()
    return offer


def offer_disable(*, actor: Actor, offer_id, admin_reason, now: datetime | None = None) -> Offer:
    """An admin blocks an offer: hidden with ADMIN_REQUEST until an admin enables it."""
    _require_admin(actor)
    offer = _find_offer(offer_id)
    reason = _admin_reason(admin_reason)
    now = now or timezone.now()
    with transaction.atomic():
        # Locked so that of two racing blocks only the first one blocks; the second finds it blocked.
        before = Offer.objects.select_for_update().get(pk=offer.pk)
        if before.hidden_reason == HiddenReason.ADMIN_REQUEST:
            # The first block's reason is what the company and other admins were told; a second block must not
            # rewrite it (an admin who means a different reason enables, then blocks again).
            raise exc.forbidden("offer-blocked-by-admin")
        Offer.objects.filter(pk=offer.pk).update(
            is_hidden=True, hidden_reason=HiddenReason.ADMIN_REQUEST, admin_reason=reason, updated_at=now
        )
        # Announced only when the block takes it off the board, as _cascade and offer_hide do: an offer hidden
        # already (by its company, with its company, or by an earlier block), archived or ended was not showing.
        if not before.is_hidden and not before.is_archived and before.ended_at is None:
            _announce_hidden([(offer.pk, offer.company_id)], reason=HiddenReason.ADMIN_REQUEST, now=now)
        _moderation(actor, "offer_block", "offer", offer.pk, reason)
    offer.refresh_from_db()
    return offer


def offer_enable(*, actor: Actor, offer_id, now: datetime | None = None) -> Offer:
    """Un-hides an offer, subject to the concurrent limit."""
    found = _offer_to_act_on(actor, offer_id)
    with transaction.atomic():
        company = _lock_company(found.company_id)
        offer = Offer.objects.select_for_update().get(pk=found.pk)
        _refuse_company_in_bad_standing(company)
        if offer.hidden_reason == HiddenReason.ADMIN_REQUEST and not actor.is_admin:
            raise exc.forbidden("offer-blocked-by-admin")
        if offer.is_hidden:
            if not offer.is_archived:
                _check_concurrent_limit(
                    company_id=company.pk, window=(offer.publish_date, offer.publish_end_date), exclude_pk=offer.pk
                )
            Offer.objects.filter(pk=offer.pk).update(
                is_hidden=False, hidden_reason=None, admin_reason=None, updated_at=now or timezone.now()
            )
            _moderation(actor, "offer_enable", "offer", offer.pk)
    offer.refresh_from_db()
    return offer


def offer_archive(*, actor: Actor, offer_id, now: datetime | None = None) -> Offer:
    offer = _offer_to_act_on(actor, offer_id)
    with transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(is_archived=True, updated_at=now or timezone.now())
        _moderation(actor, "offer_archive", "offer", offer.pk)
    offer.refresh_from_db()
    return offer


def require_company_or_admin(actor: Actor, company_id) -> Company:
    """For /company/{id}/… endpoints that the company itself, admins and god may call."""
    _require_caller(actor)
    if actor.kind == "company" and str(actor.company.pk) != str(company_id):
        raise exc.forbidden("insufficient-permissions")
    return find_company(company_id)


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


def _cascade(company: Company, *, hide_with: str | None = None, unhide: str | None = None, now: datetime) -> dict:
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
        _announce_hidden(on_board, reason=hide_with, now=now)
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


def _admin_reason(value) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = "required" if value is None or isinstance(value, str) else "must-be-string"
        raise exc.invalid([FieldError("adminReason", msg, value)])
    if contains_nul(value):
        # PostgreSQL text cannot hold NUL: refused here, not by the database as a 500.
        raise exc.invalid([FieldError("adminReason", "must-be-string", None)])
    return value.strip()


# Each company moderation: the company flag it sets, the value it sets, and the reason its offers hide with.
COMPANY_MODERATIONS = {
    "block": ("is_blocked", True, HiddenReason.COMPANY_BLOCKED),
    "unblock": ("is_blocked", False, HiddenReason.COMPANY_BLOCKED),
    "disable": ("is_disabled", True, HiddenReason.COMPANY_DISABLED),
    "enable": ("is_disabled", False, HiddenReason.COMPANY_DISABLED),
}


def company_moderate(
    *, actor: Actor, company_id, action: str, admin_reason=None, now: datetime | None = None
) -> CompanyModeration:
    """Blocks, unblocks, disables or enables a company and cascades to its offers, in one transaction with the
    company row locked; answers what changed. Blocking and unblocking are for admins; disabling and enabling
    also for the company itself."""
    flag, value, reason = COMPANY_MODERATIONS[action]
    if flag == "is_blocked":
        _require_admin(actor)
        company = find_company(company_id)
    else:
        company = require_company_or_admin(actor, company_id)
    if action == "block":
        admin_reason = _admin_reason(admin_reason)
    who = actor.user or actor.label
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_company(company.pk)
        changed = getattr(locked, flag) != value
        if flag == "is_blocked":
            company = company_services.company_set_blocked(
                company=locked, blocked=value, admin_reason=admin_reason, actor=who
            )
        else:
            company = company_services.company_set_disabled(company=locked, disabled=value, actor=who)
        counts = _cascade(company, hide_with=reason, now=now) if value else _cascade(company, unhide=reason, now=now)
    return CompanyModeration(company=company, changed=changed, **counts)


def company_block(*, actor: Actor, company_id, admin_reason, now: datetime | None = None) -> Company:
    return company_moderate(
        actor=actor, company_id=company_id, action="block", admin_reason=admin_reason, now=now
    ).company


def company_unblock(*, actor: Actor, company_id, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="unblock", now=now).company


def company_disable(*, actor: Actor, company_id, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="disable", now=now).company


def company_enable(*, actor: Actor, company_id, now: datetime | None = None) -> Company:
    return company_moderate(actor=actor, company_id=company_id, action="enable", now=now).company


# Rows one sweep transaction changes: locks are held for one batch, never for the whole sweep.
SWEEP_BATCH = 10_000


def _end_due_offers_batch_returning_watched(now: datetime, batch: int) -> tuple[int, list[tuple[int, int]]]:
    """PostgreSQL: one UPDATE of at most `batch` due offers that also answers how many rows it changed and which
    of them left the board (not hidden, not archived) for companies with an active webhook endpoint: (offer id,
    company id). SKIP LOCKED: an offer being edited is left for the next batch, and overlapping sweeps split
    the rows instead of waiting on each other."""
    table = Offer._meta.db_table
    endpoints = WebhookEndpoint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH due AS (
                SELECT id FROM {table} WHERE publish_end_date <= %s AND ended_at IS NULL
                LIMIT %s FOR UPDATE SKIP LOCKED
            ), ended AS (
                UPDATE {table} AS offer SET ended_at = %s FROM due WHERE offer.id = due.id
                RETURNING offer.id, offer.company_id, offer.is_hidden, offer.is_archived
            )
            SELECT
                (SELECT count(*) FROM ended),
                (SELECT coalesce(json_agg(json_build_array(id, company_id)), '[]') FROM ended
                 WHERE NOT is_hidden AND NOT is_archived
                 AND company_id IN (SELECT company_id FROM {endpoints} WHERE is_active))
            """,
            [now, batch, now],
        )
        rows, watched = cursor.fetchone()
    if isinstance(watched, str):
        watched = json.loads(watched)
    return rows, [tuple(change) for change in watched]


def offers_end_due(*, now: datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """Offers past publishEndDate get endedAt, in transactions of at most `batch` offers. Never touches isHidden.
    Offers that were on the board are announced as offer.hidden (ENDED) to companies with a webhook endpoint,
    in the transaction that ended them."""
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        # Other databases (SQLite in development) write one transaction at a time: read, then update, at once.
        with transaction.atomic():
            due = Offer.objects.due_to_end(now=now)
            watching = WebhookEndpoint.objects.filter(is_active=True).values("company_id")
            watched = list(
                due.filter(company_id__in=watching, is_hidden=False, is_archived=False).values_list("pk", "company_id")
            )
            rows = due.update(ended_at=now)
            _announce_hidden(watched, reason=ENDED, now=now)
        return rows
    total = 0
    while True:
        # No savepoint: a batch never recovers from an error halfway; the ones committed before stay done.
        with transaction.atomic(savepoint=False):
            rows, watched = _end_due_offers_batch_returning_watched(now, batch)
            _announce_hidden(watched, reason=ENDED, now=now)
        total += rows
        if rows < batch:
            return total
