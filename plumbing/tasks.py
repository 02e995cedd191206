"""Celery tasks of the mail outbox: one send attempt, and the beat's pass over mail no worker took."""

from celery import current_app, shared_task
from django.utils import timezone

from .models import MailState
from .services import outbox_mail_enqueue, outbox_mail_send, outbox_mails_purge, outbox_mails_requeue_lost

# Retries due sooner than this wait in the worker (a countdown); later ones are left to the beat's pass, since a
# broker like Redis hands long-waiting messages to a second worker after its visibility timeout.
COUNTDOWN_MAX_SECONDS = 600


@shared_task(name="plumbing.tasks.send_outbox_mail", ignore_result=True)
def send_outbox_mail(mail_id: int) -> str | None:
    row = outbox_mail_send(mail_id=mail_id)
    if row is None:
        return None
    if row.state == MailState.PENDING and row.next_attempt_at is not None and not current_app.conf.task_always_eager:
        countdown = max(0.0, (row.next_attempt_at - timezone.now()).total_seconds())
        if countdown <= COUNTDOWN_MAX_SECONDS:
            send_outbox_mail.apply_async((mail_id,), countdown=countdown)
    return str(row.state)


@shared_task(name="plumbing.tasks.requeue_lost_mail", ignore_result=True)
def requeue_lost_mail() -> int:
    ids = outbox_mails_requeue_lost()
    for mail_id in ids:
        outbox_mail_enqueue(mail_id=mail_id)
    return len(ids)


@shared_task(name="plumbing.tasks.purge_sent_mail", ignore_result=True)
def purge_sent_mail() -> int:
    return outbox_mails_purge(now=timezone.now())
