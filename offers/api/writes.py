"""The offers API's writes: who may call (401), which offer or company a path names (404), the JSON body read
into typed values (422), in the order the contract lists its checks; then the service, which judges the rest.
"""

from collections.abc import Mapping
from datetime import datetime

from django.utils import timezone

from companies.models import Company

from .. import exceptions as exc
from ..actors import Actor
from ..models import Offer
from ..services import moderation
from ..services import offers as services
from .body import offer_body_errors
from .messages import FieldError, invalid, refused
from .parsing import contains_nul, parse_id

INSUFFICIENT_PERMISSIONS = "insufficient-permissions"


def require_caller(actor: Actor) -> None:
    if actor.kind == "anonymous":
        raise refused(INSUFFICIENT_PERMISSIONS, 401)


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise refused(INSUFFICIENT_PERMISSIONS, 401)


def offer_pk(offer_id: object) -> int:
    """The offer a path names, or 404 no-offer-found-with-id as the path spells it (malformed ids included)."""
    pk = parse_id(offer_id)
    if pk is None or not Offer.objects.filter(pk=pk).exists():
        raise exc.OfferNotFound(offer_id)
    return pk


def find_company(company_id: object) -> Company:
    """The company a path names, or 404 no-company-found-with-id (malformed ids included)."""
    pk = parse_id(company_id)
    company = Company.objects.filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise exc.CompanyNotFound(company_id)
    return company


def require_company_or_admin(actor: Actor, company_id: object) -> Company:
    """For /company/{id}/… endpoints that the company itself, admins and god may call."""
    require_caller(actor)
    if actor.kind == "company" and actor.company is not None and str(actor.company.pk) != str(company_id):
        raise refused(INSUFFICIENT_PERMISSIONS, 403)
    return find_company(company_id)


def _owner(actor: Actor, body: Mapping[str, object]) -> tuple[list[FieldError], Company | None]:
    """Admins and god name the company with `owner`; a company account always writes for itself."""
    if not actor.is_admin:
        return [], actor.company
    raw = body.get("owner")
    if raw is None:
        return [FieldError("owner", "required", None)], None
    pk = parse_id(raw)
    company = Company.objects.filter(pk=pk).first() if pk is not None else None
    if company is None:
        return [FieldError("owner", f"no-company-found-with-id:{raw}", raw)], None
    return [], company


def offer_create(*, actor: Actor, body: object, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    require_caller(actor)
    errors, data = offer_body_errors(body, stored=None, now=now)
    owner_errors, company = _owner(actor, body if isinstance(body, Mapping) else {})
    if errors or owner_errors or company is None:
        raise invalid(owner_errors + errors)
    return services.offer_create(actor=actor, company=company, data=data, now=now)


def offer_edit(*, actor: Actor, offer_id: object, body: object, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    require_caller(actor)
    pk = offer_pk(offer_id)
    stored = services.offer_check_editable(actor=actor, offer_id=pk)
    errors, changes = offer_body_errors(body, stored=stored, now=now)
    if errors:
        raise invalid(errors)
    return services.offer_edit(actor=actor, offer_id=pk, changes=changes, now=now)


def admin_reason(value: object) -> str:
    """adminReason as the service takes it: some text, storable."""
    if not isinstance(value, str) or not value.strip():
        msg = "required" if value is None or isinstance(value, str) else "must-be-string"
        raise invalid([FieldError("adminReason", msg, value)])
    if contains_nul(value):
        # PostgreSQL text cannot hold NUL: refused here, not by the database as a 500.
        raise invalid([FieldError("adminReason", "must-be-string", None)])
    return value


def offer_hide(*, actor: Actor, offer_id: object) -> Offer:
    require_caller(actor)
    return services.offer_hide(actor=actor, offer_id=offer_pk(offer_id))


def offer_disable(*, actor: Actor, offer_id: object, reason: object) -> Offer:
    require_admin(actor)
    pk = offer_pk(offer_id)
    return services.offer_disable(actor=actor, offer_id=pk, admin_reason=admin_reason(reason))


def offer_enable(*, actor: Actor, offer_id: object) -> Offer:
    require_caller(actor)
    return services.offer_enable(actor=actor, offer_id=offer_pk(offer_id))


def offer_archive(*, actor: Actor, offer_id: object) -> Offer:
    require_caller(actor)
    return services.offer_archive(actor=actor, offer_id=offer_pk(offer_id))


def company_moderate(*, actor: Actor, company_id: object, action: str, reason: object = None) -> Company:
    """Block and unblock are for admins (401 for anyone else); disable and enable also for the company itself."""
    if action in ("block", "unblock"):
        require_admin(actor)
        company = find_company(company_id)
    else:
        company = require_company_or_admin(actor, company_id)
    checked = admin_reason(reason) if action == "block" else None
    return moderation.company_moderate(actor=actor, company_id=company.pk, action=action, admin_reason=checked).company
