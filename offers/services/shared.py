"""What the offer writes and the company moderations share: who may act, locks, the limit, events, records."""

from collections.abc import Iterable
from datetime import datetime

from companies import services as company_services
from companies.models import Company
from companies.webhooks.outbox import NewEvent, webhook_events_record

from .. import exceptions as exc
from ..actors import Actor
from ..models import MAX_CONCURRENT_OFFERS, Offer
from ..windows import Window, full_period


def find_offer(offer_id: int) -> Offer:
    offer = Offer.objects.select_related("company").filter(pk=offer_id).first()
    if offer is None:
        raise exc.OfferNotFound(offer_id)
    return offer


def find_company(company_id: int) -> Company:
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise exc.CompanyNotFound(company_id)
    return company


def lock_company(company_id: int) -> Company:
    return Company.objects.select_for_update().get(pk=company_id)


def require_caller(actor: Actor) -> None:
    if actor.kind == "anonymous":
        raise exc.NotPermitted()


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise exc.NotPermitted()


def actor_company_id(actor: Actor) -> int | None:
    return actor.company.pk if actor.kind == "company" and actor.company is not None else None


def refuse_company_in_bad_standing(company: Company) -> None:
    if company.is_blocked:
        raise exc.CompanyBlocked()
    if company.is_disabled:
        raise exc.CompanyDisabled()


def refuse_blocked_or_disabled_caller(actor: Actor) -> None:
    """A company account cannot act while it is blocked or disabled; admins and god can."""
    company_id = actor_company_id(actor)
    if company_id is not None:
        refuse_company_in_bad_standing(Company.objects.get(pk=company_id))


def require_owner(actor: Actor, offer: Offer) -> None:
    if actor.kind == "company" and not actor.owns(offer.company_id):
        raise exc.NotOfferOwner(offer.pk)


def check_concurrent_limit(*, company_id: int, window: Window, exclude_pk: int | None = None) -> None:
    """Call with the company row locked."""
    start, end = window
    others = Offer.objects.filter(company_id=company_id).counting_toward_limit().overlapping(start, end)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    full = full_period(window, others.values_list("publish_date", "publish_end_date"))
    if full is not None:
        raise exc.ConcurrentLimitReached(limit=MAX_CONCURRENT_OFFERS, window=full)


def record_moderation(actor: Actor, action: str, target: str, target_id: int, reason: str = "") -> None:
    if actor.is_admin:
        company_services.moderation_record(
            actor=actor.user or actor.label, action=action, target_type=target, target_id=target_id, reason=reason
        )


def announce_hidden(offers: Iterable[tuple[int, int]], *, reason: str, now: datetime) -> None:
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
