"""Every write about companies, their people and their partner keys."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Company, Membership, ModerationRecord, PartnerKey

PARTNER_KEY_PREFIX = "sk_ext_"
# Characters of the random part kept in clear so a key can be found by index and recognised by people.
LOOKUP_CHARS = 8


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def company_create(
    *,
    name: str,
    accept_terms: bool = False,
    payment_method: bool = False,
    now: datetime | None = None,
    **fields,
) -> Company:
    now = now or timezone.now()
    company = Company.objects.create(name=name, slug=_unique_slug(name), **fields)
    if accept_terms:
        company_accept_terms(company=company, now=now)
    if payment_method:
        company_set_payment_method(company=company, brand="visa", last4="4242", now=now)
    return company


def company_accept_terms(*, company: Company, now: datetime | None = None) -> Company:
    company.terms_version_accepted = settings.CURRENT_EMPLOYER_TERMS_VERSION
    company.terms_accepted_at = now or timezone.now()
    company.save(update_fields=["terms_version_accepted", "terms_accepted_at"])
    return company


def company_set_payment_method(*, company: Company, brand: str, last4: str, now: datetime | None = None) -> Company:
    """Records a simulated card; no payment processor is called."""
    if not (len(last4) == 4 and last4.isdigit()):
        raise ValueError("last4 must be four digits")
    company.payment_card_brand = brand
    company.payment_card_last4 = last4
    company.payment_method_added_at = now or timezone.now()
    company.save(update_fields=["payment_card_brand", "payment_card_last4", "payment_method_added_at"])
    return company


def company_user_create(*, email: str, password: str, company: Company):
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username=email.lower(), email=email.lower(), password=password)
        Membership.objects.create(user=user, company=company)
    return user


def moderation_record(*, actor, action: str, target_type: str, target_id, reason: str = "") -> ModerationRecord:
    label = getattr(actor, "email", None) or getattr(actor, "username", None) or str(actor or "system")
    return ModerationRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason or "",
    )


def company_set_blocked(*, company: Company, blocked: bool, admin_reason: str | None, actor) -> Company:
    """Flips the company's own flag. Cascades to offers live in offers.services."""
    Company.objects.filter(pk=company.pk).update(is_blocked=blocked, admin_reason=admin_reason if blocked else None)
    company.refresh_from_db()
    moderation_record(
        actor=actor,
        action="company_block" if blocked else "company_unblock",
        target_type="company",
        target_id=company.pk,
        reason=admin_reason or "",
    )
    return company


def company_set_disabled(*, company: Company, disabled: bool, actor) -> Company:
    Company.objects.filter(pk=company.pk).update(is_disabled=disabled)
    company.refresh_from_db()
    moderation_record(
        actor=actor,
        action="company_disable" if disabled else "company_enable",
        target_type="company",
        target_id=company.pk,
    )
    return company


def _hash_key(raw_key: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough; no salt or stretching needed.
    return hashlib.sha256(raw_key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: PartnerKey
    raw: str


def partner_key_issue(*, company: Company, label: str = "") -> IssuedKey:
    """Creates a key and returns it in full; this is the only time the full key exists."""
    raw = PARTNER_KEY_PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(
        company=company,
        label=label,
        prefix=raw[: len(PARTNER_KEY_PREFIX) + LOOKUP_CHARS],
        key_hash=_hash_key(raw),
    )
    return IssuedKey(key=key, raw=raw)


def partner_key_revoke(*, key: PartnerKey, actor=None, now: datetime | None = None) -> bool:
    """Revokes once; returns False if it was already revoked."""
    changed = PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
    if changed:
        moderation_record(actor=actor, action="partner_key_revoke", target_type="partner_key", target_id=key.pk)
    key.refresh_from_db()
    return bool(changed)


def partner_key_authenticate(*, raw_key: str, now: datetime | None = None) -> PartnerKey | None:
    """Returns the active key matching raw_key, or None. Compares hashes in constant time."""
    if not raw_key.startswith(PARTNER_KEY_PREFIX) or len(raw_key) < len(PARTNER_KEY_PREFIX) + 32:
        return None
    candidate_hash = _hash_key(raw_key)
    prefix = raw_key[: len(PARTNER_KEY_PREFIX) + LOOKUP_CHARS]
    for key in PartnerKey.objects.active().select_related("company").filter(prefix=prefix):
        if hmac.compare_digest(key.key_hash, candidate_hash):
            now = now or timezone.now()
            # Avoid a write per request: last-used is precise to the minute.
            if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= 60:
                PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
                key.last_used_at = now
            return key
    return None
