"""The mail outbox's writes: queue a mail with the change that causes it, send it once, retry it with backoff for a
day, take back what no sender finished, send again on an admin's word, and forget what was sent long ago."""

import logging
import random
from datetime import datetime, timedelta
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .mail import Mail, mail_deliver, one_line
from .models import MailState, OutboxMail

logger = logging.getLogger(__name__)

# A refused mail is tried again after 30 s, 1 min, 2 min… at most 3 h apart, for a day from when it was queued.
RETRY_FIRST = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=3)
GIVE_UP_AFTER = timedelta(hours=24)
# Longer than any send takes (EMAIL_TIMEOUT bounds each SMTP step): a claim older than this belongs to a sender
# that died, and the beat's pass hands the mail to another.
CLAIM_LEASE = timedelta(minutes=5)
REQUEUE_BATCH = 500
# A due mail untouched this long was not taken by a worker: long enough for a running worker to get to it first.
LOST_AFTER = timedelta(minutes=1)
# Sent mail is kept this long for the admin to look up, then deleted (it holds links with tokens in them).
KEEP_SENT = timedelta(days=30)
PURGE_BATCH = 10_000


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th refused try, with jitter so a server back from an outage is not hit by
    every waiting mail in the same second."""
    base: timedelta = min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)
    return base * random.uniform(0.8, 1.2)


def mail_queue(*, mail: Mail, now: datetime | None = None) -> OutboxMail:
    """Records `mail` in the caller's transaction (autocommit outside one) and sends it after the commit."""
    now = now or timezone.now()
    row = OutboxMail.objects.create(
        kind=mail.kind,
        to=mail.to,
        subject=one_line(mail.subject),
        text=mail.text,
        html=mail.html,
        unsubscribe_url=mail.unsubscribe_url,
        created_at=now,
        next_attempt_at=now,
        give_up_at=now + GIVE_UP_AFTER,
    )
    transaction.on_commit(partial(outbox_mail_enqueue, mail_id=row.pk))
    return row


def outbox_mail_enqueue(*, mail_id: int) -> None:
    """Asks a worker to send the mail; without a broker (no Redis) sends it here. Never raises: the row waits for
    the beat's pass if the broker does not take it."""
    from .tasks import send_outbox_mail  # the tasks module imports this one

    try:
        if current_app.conf.task_always_eager:
            outbox_mail_send(mail_id=mail_id)
        else:
            send_outbox_mail.delay(mail_id)
    except Exception:
        logger.exception("mail %s not handed over; the beat's pass will send it", mail_id)


def outbox_mail_send(*, mail_id: int, now: datetime | None = None) -> OutboxMail | None:
    """One attempt at sending a due mail. None when there is nothing to do: sent already, given up, not due, or
    claimed by another sender."""
    now = now or timezone.now()
    # The claim is one conditional UPDATE: of two senders handed the same mail (a retry and the beat's pass), one
    # gets it; the other's update matches no row.
    claimed = (
        OutboxMail.objects.filter(pk=mail_id, state=MailState.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    row = OutboxMail.objects.get(pk=mail_id)
    mail = Mail(
        kind=row.kind, to=row.to, subject=row.subject, text=row.text, html=row.html, unsubscribe_url=row.unsubscribe_url
    )
    try:
        mail_deliver(mail)
    except Exception as error:  # any backend failure: the mail stays to be tried again
        finished = timezone.now()
        retry_at = finished + retry_delay(row.attempts)
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        row.claimed_until = None
        if retry_at > row.give_up_at:
            row.state, row.next_attempt_at = MailState.FAILED, None
            logger.error("mail %s to %s failed after %s attempts: %s", row.pk, row.to, row.attempts, row.last_error)
        else:
            row.next_attempt_at = retry_at
            logger.warning("mail %s to %s refused, again at %s: %s", row.pk, row.to, retry_at, row.last_error)
        row.save(update_fields=["last_error", "claimed_until", "state", "next_attempt_at"])
        return row
    row.state, row.sent_at, row.next_attempt_at, row.claimed_until = MailState.SENT, timezone.now(), None, None
    row.save(update_fields=["state", "sent_at", "next_attempt_at", "claimed_until"])
    return row


def outbox_mails_requeue_lost(*, now: datetime | None = None, limit: int = REQUEUE_BATCH) -> list[int]:
    """Due mail that no sender holds (a lost message, a dead worker, a retry too far off to wait for in a worker),
    claimed away from the next minute's pass and returned to be enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked (skipping rows another beat holds) so two overlapping passes never enqueue one mail twice.
        ids = list(
            OutboxMail.objects.filter(state=MailState.PENDING, next_attempt_at__lte=now - LOST_AFTER)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        # Marked due now, so the next pass leaves them to the worker for LOST_AFTER before taking them again.
        OutboxMail.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return ids


def outbox_mail_resend(*, mail: OutboxMail, now: datetime | None = None) -> bool:
    """An admin's "send again": a failed or pending mail gets a new day of attempts, starting now. False for a
    mail already sent."""
    now = now or timezone.now()
    changed = (
        OutboxMail.objects.filter(pk=mail.pk)
        .exclude(state=MailState.SENT)
        .update(state=MailState.PENDING, next_attempt_at=now, claimed_until=None, give_up_at=now + GIVE_UP_AFTER)
    )
    if changed:
        transaction.on_commit(partial(outbox_mail_enqueue, mail_id=mail.pk))
    return bool(changed)


def outbox_mails_purge(*, now: datetime, batch_size: int = PURGE_BATCH) -> int:
    """Deletes mail sent more than KEEP_SENT ago, in batches; returns how many."""
    deleted = 0
    while True:
        ids = list(
            OutboxMail.objects.filter(state=MailState.SENT, sent_at__lt=now - KEEP_SENT).values_list("pk", flat=True)[
                :batch_size
            ]
        )
        if not ids:
            return deleted
        deleted += OutboxMail.objects.filter(pk__in=ids).delete()[0]
