"""Every write about company applications: submit, validate by the mailed token, approve, reject, and the approved
company's onboarding. Each queues the mail it causes in its own transaction (plumbing's outbox)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from plumbing.mail import absolute_url, mail_render
from plumbing.ratelimit import limit_wait
from plumbing.services import mail_queue

from .. import validators
from ..exceptions import (
    ApplicationAlreadyReviewed,
    ApplicationAlreadyValidated,
    ApplicationEmailTaken,
    ApplicationNotFound,
    ApplicationNotVerified,
    ApplicationRulesBroken,
    ExpiredToken,
    InvalidToken,
    SignUpLimited,
)
from ..login_throttle import account_key
from ..models import ApplicationState, Company, CompanyApplication, Membership, OnboardingState
from ..services import Actor, company_create, moderation_record

TOKEN_LIFETIME = timedelta(hours=1)
# Sign-up attempts (valid or not) per client address and per email address.
ATTEMPTS_PER_IP, IP_WINDOW_SECONDS = 20, 60 * 60
ATTEMPTS_PER_EMAIL, EMAIL_WINDOW_SECONDS = 5, 24 * 60 * 60
# Who may review applications: superusers, and staff holding this permission (the admin's and the API's check).
REVIEW_PERMISSION = "companies.change_companyapplication"
# States whose owner may still log in to see them (an approved one has a real account instead).
OPEN_STATES = (ApplicationState.UNVERIFIED, ApplicationState.PENDING, ApplicationState.REJECTED)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _email_taken(email: str, *, now: datetime) -> bool:
    """An account uses the address, or a live application does (an unconfirmed one whose link expired does not:
    it was abandoned, and the new application replaces it)."""
    users = get_user_model().objects
    if users.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        return True
    live = CompanyApplication.objects.filter(email__iexact=email).exclude(state=ApplicationState.REJECTED)
    return live.exclude(state=ApplicationState.UNVERIFIED, token_expires_at__lte=now).exists()


def company_application_check_limits(*, ip: str, email: object) -> None:
    """Counts one sign-up attempt against the client's address and the email's; raises SignUpLimited over either.
    Counted in the shared limiter (Redis when configured), which fails open when it cannot be reached."""
    waits = []
    if ip:
        waits.append(limit_wait(f"signup:ip:{ip}", ATTEMPTS_PER_IP, IP_WINDOW_SECONDS, what="Sign-up limit"))
    if isinstance(email, str) and email.strip():
        key = hashlib.sha256(account_key(email).encode("utf-8", "surrogatepass")).hexdigest()[:40]
        waits.append(limit_wait(f"signup:email:{key}", ATTEMPTS_PER_EMAIL, EMAIL_WINDOW_SECONDS, what="Sign-up limit"))
    if any(waits):
        raise SignUpLimited(max(waits))


@transaction.atomic
def company_application_submit(
    *,
    email: str,
    password: str,
    company_name: str,
    motivation: str,
    now: datetime | None = None,
    token: str | None = None,
) -> CompanyApplication:
    """Records an application (UNVERIFIED) and queues the mail with its confirmation link, valid for an hour.

    Raises ApplicationRulesBroken naming each field that breaks a rule. Callers count the attempt first
    (company_application_check_limits), so that refused attempts count too. `token`: the link's secret when the
    caller must know it (seed_demo); otherwise a new random one, which only the mail holds."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    company_name, motivation = (company_name or "").strip(), (motivation or "").strip()
    rules = validators.company_application_errors(
        email=email,
        password=password,
        company_name=company_name,
        motivation=motivation,
        # Looked up only for an address that is one (and so holds nothing a database refuses).
        email_taken=not validators.application_email_errors(email, taken=False) and _email_taken(email, now=now),
    )
    if rules:
        raise ApplicationRulesBroken(rules, "The application was not sent.")
    # An unconfirmed application whose link expired was abandoned: this one takes its place.
    CompanyApplication.objects.filter(
        email__iexact=email, state=ApplicationState.UNVERIFIED, token_expires_at__lte=now
    ).delete()
    token = token or secrets.token_urlsafe(32)
    try:
        # A savepoint: the same address submitted twice at once makes one application (the unique constraint on
        # live applications' emails), and the loser is told the address is taken.
        with transaction.atomic():
            application = CompanyApplication.objects.create(
                email=email,
                password_hash=make_password(password),
                company_name=company_name,
                motivation=motivation,
                token_hash=_token_hash(token),
                token_expires_at=now + TOKEN_LIFETIME,
                submitted_at=now,
            )
    except IntegrityError:
        rules = validators.application_email_errors(email, taken=True)
        raise ApplicationRulesBroken(rules, "The application was not sent.") from None
    context = {
        "company_name": company_name,
        "confirm_url": absolute_url(reverse("signup-confirm", args=[token])),
        "expires_at": application.token_expires_at,
    }
    subject = f"Confirm your email to apply to {settings.SITE_NAME}"
    mail = mail_render(kind="company_application_confirm", to=email, subject=subject, context=context)
    mail_queue(mail=mail, now=now)
    return application


def company_application_for_token(*, token: str) -> CompanyApplication | None:
    return CompanyApplication.objects.filter(token_hash=_token_hash(token or "")).first()


@transaction.atomic
def company_application_validate(*, token: str, now: datetime | None = None) -> CompanyApplication:
    """UNVERIFIED → PENDING by the mailed link, and a mail to every admin who can review it.

    Raises InvalidToken (no such link), ApplicationAlreadyValidated (confirmed before: the link changes nothing
    any more) or ExpiredToken (over an hour old)."""
    now = now or timezone.now()
    application = company_application_for_token(token=token)
    if application is None:
        raise InvalidToken()
    if application.state != ApplicationState.UNVERIFIED:
        raise ApplicationAlreadyValidated()
    if application.token_expires_at <= now:
        raise ExpiredToken()
    # Conditional: of two clicks at once, one moves it and mails the admins; the other finds it moved.
    moved = CompanyApplication.objects.filter(
        pk=application.pk, state=ApplicationState.UNVERIFIED, token_expires_at__gt=now
    ).update(state=ApplicationState.PENDING, validated_at=now)
    if not moved:
        raise ApplicationAlreadyValidated()
    application.state, application.validated_at = ApplicationState.PENDING, now
    review_url = absolute_url(reverse("admin:companies_companyapplication_change", args=[application.pk]))
    context = {
        "company_name": application.company_name,
        "email": application.email,
        "motivation": application.motivation,
        "review_url": review_url,
    }
    subject = f"{application.company_name} applied to join {settings.SITE_NAME}"
    for address in reviewer_emails():
        mail = mail_render(kind="company_application_review", to=address, subject=subject, context=context)
        mail_queue(mail=mail, now=now)
    return application


def reviewer_emails() -> list[str]:
    """The addresses of everyone who can review applications: active superusers, and active staff with the
    review permission (their own or a group's)."""
    users = get_user_model().objects.with_perm(REVIEW_PERMISSION, include_superusers=True, is_active=True)
    users = users.filter(Q(is_superuser=True) | Q(is_staff=True)).exclude(email="")
    return sorted({user.email.lower() for user in users})


def _locked_pending(application_id: int) -> CompanyApplication:
    # Locked: two admins approving (or one approving while another rejects) at once must review it once; the
    # second waits here for the first to commit, then finds it reviewed.
    application = CompanyApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise ApplicationNotFound()
    if application.state == ApplicationState.UNVERIFIED:
        raise ApplicationNotVerified()
    if application.state != ApplicationState.PENDING:
        raise ApplicationAlreadyReviewed()
    return application


def _reviewer(actor: Actor) -> tuple[User | None, str]:
    user = actor if isinstance(actor, User) and actor.pk else None
    label = getattr(actor, "email", None) or getattr(actor, "username", None) or str(actor or "system")
    return user, label


def _mark_reviewed(application: CompanyApplication, *, actor: Actor, now: datetime, **changes: object) -> None:
    reviewer, label = _reviewer(actor)
    moved = CompanyApplication.objects.filter(pk=application.pk, state=ApplicationState.PENDING).update(
        reviewed_at=now, reviewer=reviewer, reviewer_label=label, **changes
    )
    if not moved:  # cannot happen under the lock; kept so a change to the locking fails loudly, not twice
        raise ApplicationAlreadyReviewed()
    application.refresh_from_db()


@transaction.atomic
def company_application_approve(
    *, application_id: int, actor: Actor, now: datetime | None = None
) -> CompanyApplication:
    """PENDING → APPROVED: the company, its first staff account (the application's email and password hash) and
    their membership, in one transaction with the moderation record and the welcome mail."""
    now = now or timezone.now()
    application = _locked_pending(application_id)
    company = company_create(name=application.company_name, now=now)
    users = get_user_model().objects
    try:
        with transaction.atomic():
            user = users.create(
                username=application.email.lower(), email=application.email.lower(), password=application.password_hash
            )
    except IntegrityError:
        # An account took the address after the application was sent (an invitation to another company).
        raise ApplicationEmailTaken() from None
    Membership.objects.create(user=user, company=company)
    _mark_reviewed(application, actor=actor, now=now, state=ApplicationState.APPROVED, company=company)
    moderation_record(
        actor=actor, action="company_application_approve", target_type="company_application", target_id=application.pk
    )
    context = {"company_name": company.name, "email": user.email, "login_url": absolute_url(reverse("dashboard-login"))}
    subject = f"Welcome to {settings.SITE_NAME}: {company.name} is approved"
    mail = mail_render(kind="company_application_approved", to=user.email, subject=subject, context=context)
    mail_queue(mail=mail, now=now)
    return application


@transaction.atomic
def company_application_reject(
    *, application_id: int, reject_reason: str, actor: Actor, now: datetime | None = None
) -> CompanyApplication:
    """PENDING → REJECTED with a reason (10–1500 characters) that the applicant is mailed and sees when they log
    in. Their address may apply again."""
    now = now or timezone.now()
    reject_reason = (reject_reason or "").strip()
    rules = validators.reject_reason_errors(reject_reason)
    if rules:
        raise ApplicationRulesBroken(rules, "The application was not rejected.")
    application = _locked_pending(application_id)
    _mark_reviewed(application, actor=actor, now=now, state=ApplicationState.REJECTED, reject_reason=reject_reason)
    moderation_record(
        actor=actor,
        action="company_application_reject",
        target_type="company_application",
        target_id=application.pk,
        reason=reject_reason,
    )
    context = {
        "company_name": application.company_name,
        "reject_reason": reject_reason,
        "signup_url": absolute_url(reverse("signup")),
    }
    subject = f"Your application for {application.company_name} on {settings.SITE_NAME}"
    mail = mail_render(kind="company_application_rejected", to=application.email, subject=subject, context=context)
    mail_queue(mail=mail, now=now)
    return application


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return "\x00" not in text


def company_application_for_login(*, email: str, password: str) -> CompanyApplication | None:
    """The open (unverified, pending or rejected) application this email and password name, newest first; None
    when there is none or the password is not its own. Hashes once either way (an unknown address included), so
    the answer's timing tells nothing."""
    if not all(_storable(text) for text in (email, password)):
        return None  # no application holds it, and no hasher or database takes it
    application = (
        CompanyApplication.objects.filter(email__iexact=(email or "").strip(), state__in=OPEN_STATES)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if application is None:
        make_password(password)
        return None
    return application if check_password(password, application.password_hash) else None


def company_onboarding_set(*, company: Company, state: OnboardingState) -> bool:
    """Records that the approved company finished or skipped its first steps; False when it came from no
    application (an operator made it) or was already in that state."""
    changed = (
        CompanyApplication.objects.filter(company=company, state=ApplicationState.APPROVED)
        .exclude(onboarding=state)
        .update(onboarding=state)
    )
    return bool(changed)
