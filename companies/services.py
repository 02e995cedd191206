"""Every write about companies, their people and their partner keys."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from plumbing.mail import absolute_url, mail_render
from plumbing.services import mail_queue

from . import validators
from .exceptions import CannotRemoveSelf, InvitationInvalid, NotAMember, ValidationFailed
from .models import Company, Membership, ModerationRecord, PartnerKey, StaffInvitation

# Who acted, as moderation records take it: a user, or the name of a system actor ("god", "seed_demo"), or None
# for the system itself; anything but a saved user is recorded by its label alone.
Actor = object

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
    slug: str | None = None,
    accept_terms: bool = False,
    payment_method: bool = False,
    now: datetime | None = None,
    **fields: Any,
) -> Company:
    """A company, at `slug` when one is given (the admin types it) or at one made from its name."""
    now = now or timezone.now()
    company = Company.objects.create(name=name, slug=slug or _unique_slug(name), **fields)
    if accept_terms:
        company_accept_terms(company=company, now=now)
    if payment_method:
        company_set_payment_method(company=company, brand="visa", last4="4242", now=now)
    return company


@transaction.atomic
def company_accept_terms(*, company: Company, now: datetime | None = None) -> Company:
    """Records that the company accepted the current terms version. Accepting a version already accepted keeps
    the original time, so "accepted on" stays the day someone actually agreed."""
    version = settings.CURRENT_EMPLOYER_TERMS_VERSION
    locked = Company.objects.select_for_update().only("terms_version_accepted", "terms_accepted_at").get(pk=company.pk)
    if locked.terms_version_accepted == version and locked.terms_accepted_at is not None:
        company.terms_version_accepted, company.terms_accepted_at = version, locked.terms_accepted_at
        return company
    company.terms_version_accepted = version
    company.terms_accepted_at = now or timezone.now()
    Company.objects.filter(pk=company.pk).update(
        terms_version_accepted=company.terms_version_accepted, terms_accepted_at=company.terms_accepted_at
    )
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


@transaction.atomic
def company_set_card(
    *, company: Company, number: str, exp_month: int, exp_year: int, now: datetime | None = None
) -> Company:
    """Checks a simulated card and keeps only its brand and last four digits; the number and expiry are dropped
    here, so they never reach the database, the logs or a page."""
    now = now or timezone.now()
    errors = {
        **validators.card_number_errors(number),
        **validators.card_expiry_errors(exp_month, exp_year, now=now),
    }
    if errors:
        raise ValidationFailed(errors, "The card was not saved.")
    digits = validators.normalize_card_number(number)
    return company_set_payment_method(company=company, brand=validators.card_brand(digits), last4=digits[-4:], now=now)


@transaction.atomic
def company_update_profile(*, company: Company, name: str, logo_url: str, bio: str, contacts: list[str]) -> Company:
    """Saves what the public sees about the company. The slug stays, so public links keep working after a rename.

    Offers index the company name for search; a rename leaves those vectors stale until offers refresh them.
    """
    name, logo_url, bio = (name or "").strip(), (logo_url or "").strip(), (bio or "").strip()
    contacts = [c.strip() if isinstance(c, str) else c for c in contacts]
    errors = validators.company_profile_errors(name=name, logo_url=logo_url, bio=bio, contacts=contacts)
    if errors:
        raise ValidationFailed(errors, "The profile was not saved.")
    Company.objects.filter(pk=company.pk).update(name=name, logo_url=logo_url, bio=bio, contacts=contacts)
    company.name, company.logo_url, company.bio, company.contacts = name, logo_url, bio, contacts
    return company


@transaction.atomic
def company_set_slug(*, company: Company, slug: str) -> Company:
    """Moves the company's public page to a new address; links to the old one stop working."""
    Company.objects.filter(pk=company.pk).update(slug=slug)
    company.slug = slug
    return company


def company_user_create(*, email: str, password: str, company: Company) -> User:
    users = get_user_model()
    with transaction.atomic():
        user = users.objects.create_user(username=email.lower(), email=email.lower(), password=password)
        Membership.objects.create(user=user, company=company)
    return user


INVITATION_LIFETIME = timedelta(days=7)
STAFF_ALREADY_MEMBER = "{email} is already on your team."
INVITATION_ACCOUNT_EXISTS = (
    "An account with this email already exists. Sign in with it instead, or ask for an invitation to another address."
)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _email_has_account(email: str) -> bool:
    users = get_user_model().objects
    return users.filter(email__iexact=email).exists() or users.filter(username__iexact=email).exists()


@transaction.atomic
def staff_invite(*, company: Company, email: str, invited_by: User, now: datetime | None = None) -> StaffInvitation:
    """Invites a colleague by email; they choose their own password from the mailed link (valid 7 days).

    The answer is the same whether or not the address already has an account elsewhere on the platform: only the
    mail differs (it tells its owner they cannot join with it), so Team → Add reveals nobody's account. An
    address already on this company's team is refused: the company sees its own team anyway. A new invitation
    to the same address replaces any pending one."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    errors = validators.staff_email_errors(email)
    if errors:
        raise ValidationFailed(errors, "No invitation was sent.")
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationFailed({"email": STAFF_ALREADY_MEMBER.format(email=email)}, "No invitation was sent.")
    StaffInvitation.objects.pending(now=now).filter(company=company, email=email).update(cancelled_at=now)
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation.objects.create(
        company=company,
        email=email,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    kind = "staff_invitation_account_exists" if _email_has_account(email) else "staff_invitation"
    context = {
        "company_name": company.name,
        "inviter": getattr(invited_by, "email", ""),
        "accept_url": absolute_url(reverse("invitation-accept", args=[token])),
        "expires_at": invitation.expires_at,
    }
    subject = f"Join {company.name} on {settings.SITE_NAME}"
    mail_queue(mail=mail_render(kind=kind, to=email, subject=subject, context=context), now=now)
    return invitation


def staff_invitation_for_token(*, token: str, now: datetime | None = None) -> StaffInvitation | None:
    """The pending invitation this link names, or None (unknown, used, cancelled or expired)."""
    pending = StaffInvitation.objects.pending(now=now or timezone.now()).select_related("company")
    return pending.filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def staff_invitation_accept(*, token: str, password: str, now: datetime | None = None) -> User:
    """Creates the invitee's account in the inviting company with the password they chose; returns the user.

    Raises InvitationInvalid when the link is no longer good, and ValidationFailed for the password or an
    address that meanwhile has an account (only the mailbox's owner sees that answer)."""
    now = now or timezone.now()
    # Locked: two submits of one link at once must make one account, and the second must find it used.
    invitation = (
        StaffInvitation.objects.pending(now=now).select_for_update().filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None:
        raise InvitationInvalid()
    errors = validators.staff_password_errors(password, email=invitation.email)
    if not errors and _email_has_account(invitation.email):
        errors = {"email": INVITATION_ACCOUNT_EXISTS}
    if errors:
        raise ValidationFailed(errors, "Your account was not created.")
    try:
        # A savepoint, so losing a race on the unique username leaves the outer transaction usable.
        with transaction.atomic():
            user = company_user_create(email=invitation.email, password=password, company=invitation.company)
    except IntegrityError:
        raise ValidationFailed({"email": INVITATION_ACCOUNT_EXISTS}, "Your account was not created.") from None
    StaffInvitation.objects.filter(pk=invitation.pk).update(accepted_at=now)
    return user


def staff_invitation_cancel(*, invitation: StaffInvitation, now: datetime | None = None) -> bool:
    """Cancels a pending invitation (its link stops working); False if it was no longer pending."""
    now = now or timezone.now()
    return bool(StaffInvitation.objects.pending(now=now).filter(pk=invitation.pk).update(cancelled_at=now))


@transaction.atomic
def company_staff_remove(*, membership: Membership, actor: User) -> bool:
    """Removes a colleague: the membership goes and the account is deactivated, which also ends their sessions.

    The account is kept, not deleted, so the audit trail (moderation records) still names who did what.
    A platform admin who is also a member only loses the membership. Returns False if they were already gone.
    Locks the company so two colleagues removing each other at once cannot leave it with nobody.
    """
    company = Company.objects.select_for_update().get(pk=membership.company_id)
    if membership.user_id == getattr(actor, "pk", None):
        raise CannotRemoveSelf()
    if not Membership.objects.filter(company=company, user_id=actor.pk).exists():
        raise NotAMember()
    current = Membership.objects.select_related("user").filter(pk=membership.pk, company=company).first()
    if current is None:
        return False
    user = current.user
    current.delete()
    if not (user.is_staff or user.is_superuser):
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    moderation_record(
        actor=actor, action="staff_remove", target_type="company", target_id=company.pk, reason=f"removed {user.email}"
    )
    return True


def moderation_record(
    *, actor: Actor, action: str, target_type: str, target_id: object, reason: str = ""
) -> ModerationRecord:
    label = getattr(actor, "email", None) or getattr(actor, "username", None) or str(actor or "system")
    return ModerationRecord.objects.create(
        actor=actor if isinstance(actor, User) and actor.pk else None,
        actor_label=label,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason or "",
    )


@transaction.atomic
def company_set_blocked(*, company: Company, blocked: bool, admin_reason: str | None, actor: Actor) -> Company:
    """Flips the company's own flag, with its moderation record in one transaction. Cascades to offers live in
    offers.services."""
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


@transaction.atomic
def company_set_disabled(*, company: Company, disabled: bool, actor: Actor) -> Company:
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


def partner_key_revoke(*, key: PartnerKey, actor: Actor = None, now: datetime | None = None) -> bool:
    """Revokes once; returns False if it was already revoked. The revocation and its moderation record commit
    together."""
    with transaction.atomic():
        changed = PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
        if changed:
            moderation_record(actor=actor, action="partner_key_revoke", target_type="partner_key", target_id=key.pk)
    key.refresh_from_db()
    return bool(changed)


def partner_key_matching(*, raw_key: str) -> PartnerKey | None:
    """The active key matching raw_key, or None, without marking it used. Compares hashes in constant time."""
    if not raw_key.startswith(PARTNER_KEY_PREFIX) or len(raw_key) < len(PARTNER_KEY_PREFIX) + 32:
        return None
    candidate_hash = _hash_key(raw_key)
    prefix = raw_key[: len(PARTNER_KEY_PREFIX) + LOOKUP_CHARS]
    for key in PartnerKey.objects.active().select_related("company").filter(prefix=prefix):
        if hmac.compare_digest(key.key_hash, candidate_hash):
            return key
    return None


def partner_key_authenticate(*, raw_key: str, now: datetime | None = None) -> PartnerKey | None:
    """Returns the active key matching raw_key, or None, and records when it was last used."""
    key = partner_key_matching(raw_key=raw_key)
    if key is not None:
        now = now or timezone.now()
        # Avoid a write per request: last-used is precise to the minute.
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= 60:
            PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key
