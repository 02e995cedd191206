from django.db import models
from django.db.models import Q


class SweepRun(models.Model):
    """The last successful run of each housekeeping task, for /healthz and the admin."""

    task = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    rows_changed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.task} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"


class AlertFrequency(models.TextChoices):
    DAILY = "DAILY", "Daily"
    WEEKLY = "WEEKLY", "Weekly"


class SearchAlert(models.Model):
    """A candidate's saved board search, mailed as a digest of new matching postings once a day or a week.

    Double opt-in: it sends nothing until the address confirms (confirmed_at), and an unconfirmed one is deleted
    after a week. `due_at` is when its next digest is due (NULL while unconfirmed or once unsubscribed), and
    `covered_until` the publish time up to which postings were considered by the previous digest (the watermark):
    the next one holds what was published after it."""

    email = models.CharField(max_length=254)
    # The board's query string, normalised (jobboard.selectors.alert_query): only filters the board accepts.
    query = models.TextField(blank=True)
    frequency = models.CharField(max_length=6, choices=AlertFrequency.choices, default=AlertFrequency.DAILY)
    created_at = models.DateTimeField()
    # SHA-256 of the confirmation link's token: the link itself is only in the mail.
    confirm_token_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    covered_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The digest run walks due alerts in due order; an idle run reads one index entry.
            models.Index(fields=["due_at", "id"], condition=Q(due_at__isnull=False), name="search_alert_due_idx"),
            # An address's alerts: the cap and the manage page.
            models.Index(fields=["email"], condition=Q(unsubscribed_at__isnull=True), name="search_alert_email_idx"),
            # The purge of alerts never confirmed.
            models.Index(
                fields=["created_at"], condition=Q(confirmed_at__isnull=True), name="search_alert_unconfirmed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: ?{self.query}"
