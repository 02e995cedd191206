from datetime import datetime

from django.conf import settings
from django.db import models


class Company(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    logo_url = models.URLField(blank=True)
    bio = models.TextField(blank=True)
    contacts = models.JSONField(default=list, blank=True)
    is_blocked = models.BooleanField(default=False)
    admin_reason = models.TextField(blank=True, null=True)
    is_disabled = models.BooleanField(default=False)
    terms_version_accepted = models.CharField(max_length=40, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    payment_card_brand = models.CharField(max_length=40, blank=True)
    payment_card_last4 = models.CharField(max_length=4, blank=True)
    payment_method_added_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_accepted_current_terms(self) -> bool:
        return self.terms_version_accepted == settings.CURRENT_EMPLOYER_TERMS_VERSION

    @property
    def has_payment_method(self) -> bool:
        return bool(self.payment_card_last4)


class Membership(models.Model):
    """Links a Django user to the one company they work for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class StaffInvitationQuerySet(models.QuerySet["StaffInvitation"]):
    def pending(self, *, now: datetime) -> "StaffInvitationQuerySet":
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)


class StaffInvitation(models.Model):
    """A colleague asked to join a company by email; the mailed link lets them choose their own password.

    Only the token's SHA-256 is kept, as for partner keys: the link itself lives in the invitee's mailbox."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="staff_invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["company", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"


class PartnerKeyQuerySet(models.QuerySet["PartnerKey"]):
    def active(self) -> "PartnerKeyQuerySet":
        return self.filter(revoked_at__isnull=True)


class PartnerKey(models.Model):
    """A partner API key. Only a SHA-256 of the key is kept; the prefix lets us find it fast."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="partner_keys")
    label = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerKeyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.company})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ModerationRecord(models.Model):
    """Who did what to which company or offer, when and why. Append-only."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200, help_text="Who acted, kept even if the user is deleted.")
    action = models.CharField(max_length=50)
    target_type = models.CharField(max_length=30)
    target_id = models.CharField(max_length=64)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_type}:{self.target_id}"


# --- Webhooks ------------------------------------------------------------------------------------------------------
# They live here, in the lowest app, because jobs and offers both cause events and may import only companies.

WEBHOOK_EVENT_TYPES = ("application.created", "job.status_changed", "job.budget_exhausted", "offer.hidden")


class WebhookEndpoint(models.Model):
    """Where a company wants its events POSTed. The secret signs every delivery, so it is kept (not hashed)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.TextField(null=True, blank=True)
    # Set by the first failed attempt after a success (or ever), cleared by any success.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.company})"


class WebhookEvent(models.Model):
    """The outbox: written in the same transaction as the change it announces, so it exists if and only if the
    change committed. Receivers deduplicate by id."""

    id = models.CharField(max_length=40, primary_key=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="webhook_events")
    type = models.CharField(max_length=40)
    data = models.JSONField()
    # Events that must be announced once per something (a budget window per period) name it here.
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "type", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="unique_webhook_event_dedupe_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.type}"


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class WebhookDelivery(models.Model):
    """One event to one endpoint: attempted until a 2xx answer or until give_up_at."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # Why the last attempt failed when there was no answer to show (timeout, refused, unsafe address).
    last_error = models.CharField(max_length=300, blank=True, default="")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When a worker may next try; while one is trying, a short lease ahead, so a dead worker's delivery comes back.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    give_up_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="unique_webhook_delivery")]
        indexes = [
            models.Index(fields=["endpoint", "-created_at", "-id"]),
            # The beat's "what is due" scan reads pending rows only.
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status="PENDING"), name="webhook_delivery_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id} ({self.status})"


# --- Company applications (self sign-up) ---------------------------------------------------------------------------


class ApplicationState(models.TextChoices):
    UNVERIFIED = "UNVERIFIED", "Email not confirmed"
    PENDING = "PENDING", "Waiting for review"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"


class OnboardingState(models.TextChoices):
    NEW = "NEW", "Not started"
    SKIPPED = "SKIPPED", "Skipped"
    DONE = "DONE", "Done"


class CompanyApplication(models.Model):
    """A company asking to join: its first login's email and password (as a hash: the raw password is never kept),
    and why. It becomes a Company, a staff account and their membership when an admin approves it.

    The mailed confirmation token is kept as its SHA-256 only, as invitations' are; it works for an hour."""

    email = models.EmailField(max_length=150)
    password_hash = models.CharField(max_length=128)
    company_name = models.CharField(max_length=100)
    motivation = models.TextField()
    state = models.CharField(max_length=10, choices=ApplicationState.choices, default=ApplicationState.UNVERIFIED)
    token_hash = models.CharField(max_length=64, unique=True)
    token_expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField()
    validated_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who reviewed, kept even if the user is deleted, and for god mode, which has no user.
    reviewer_label = models.CharField(max_length=200, blank=True)
    reject_reason = models.TextField(blank=True)
    company = models.OneToOneField(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    # The approved company's first steps (profile, terms, payment): its first login lands there until done or skipped.
    onboarding = models.CharField(max_length=8, choices=OnboardingState.choices, default=OnboardingState.NEW)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One live application per address (any spelling): a rejected one may apply again.
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(state="REJECTED"),
                name="unique_live_company_application_email",
            )
        ]
        indexes = [models.Index(fields=["state", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.email})"


# --- Staff notifications -------------------------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    """What the platform tells a company's staff about; each one a staff member may choose to get or not."""

    NEW_APPLICATION = "new_application", "A candidate applies to one of our jobs"
    JOB_EXPIRING = "job_expiring", "One of our jobs expires within 3 days"
    BUDGET_FULL = "budget_full", "A job's budget window fills"
    OFFER_MODERATION = "offer_moderation", "An admin blocks or unblocks one of our offers"
    COMPANY_STANDING = "company_standing", "Our company is blocked, unblocked, disabled or enabled"
    WEBHOOK_DISABLED = "webhook_disabled", "A webhook endpoint is switched off after failing"


class NotificationDelivery(models.TextChoices):
    INSTANT = "instant", "Right away"
    DAILY = "daily", "Once a day, in a digest"
    OFF = "off", "Off"


class NotificationPreference(models.Model):
    """One staff member's choice for one kind of notification. No row: the default, right away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=NotificationDelivery.choices)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class NotificationSent(models.Model):
    """A notification that must reach a company once per something (a budget window per period, a day's digest),
    named by its key: the unique constraint lets exactly one of two racing senders record, and so send, it."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "kind", "key"], name="unique_notification_sent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.company_id})"
