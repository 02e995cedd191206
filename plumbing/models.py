"""The mail outbox: every mail the platform sends, as a row written in the transaction of the change that causes it.

A rolled-back change leaves no row, so it sends nothing; a committed one has its row before any worker is asked to
send it, so a lost message, a dead worker or a refusing mail server delays the mail but never loses it."""

from django.db import models
from django.db.models import Q


class MailState(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SENT = "SENT", "Sent"
    FAILED = "FAILED", "Failed"


class OutboxMail(models.Model):
    kind = models.CharField(max_length=64)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=998)
    text = models.TextField()
    html = models.TextField(blank=True)
    # Notifications carry List-Unsubscribe; account and transactional mail leaves it empty.
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=8, choices=MailState.choices, default=MailState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # When a sender may next take it: due now when recorded, later after a refused attempt; NULL once settled.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A sender's claim: until then no other sender takes the row; a sender that died leaves it to lapse.
    claimed_until = models.DateTimeField(null=True, blank=True)
    give_up_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mail"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="PENDING"), name="outbox_mail_due"),
            models.Index(fields=["sent_at"], condition=Q(state="SENT"), name="outbox_mail_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"


class CountFlush(models.Model):
    """A batch of Redis counters added into the daily tables (plumbing.counting.counts_flush): its row commits in
    the transaction of the additions, so a batch whose Redis key outlived a crash is deleted, never added again."""

    key = models.CharField(max_length=100, unique=True)
    applied_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
