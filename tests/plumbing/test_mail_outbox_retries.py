"""A mail the server refuses stays in the outbox and is sent again, with backoff, until it is delivered; one refused
for a whole day is marked failed, with the server's answer kept for the admin."""

from datetime import datetime, timedelta

import pytest
import time_machine

from plumbing.models import MailState
from plumbing.services import GIVE_UP_AFTER, LOST_AFTER
from plumbing.tasks import requeue_lost_mail

pytestmark = pytest.mark.django_db


def beat_pass_after(row) -> datetime:
    """The beat's minute pass, run once the row's next attempt is due and a worker had its chance; returns when."""
    passed_at: datetime = row.next_attempt_at + LOST_AFTER + timedelta(seconds=1)
    with time_machine.travel(passed_at, tick=True):
        requeue_lost_mail()
    row.refresh_from_db()
    return passed_at


def test_a_refused_mail_is_kept_and_delivered_on_a_later_pass(mailbox, queue_mail):
    mailbox.refusing = 1

    row = queue_mail(to="retry@outbox.example")

    row.refresh_from_db()
    assert (row.state, row.attempts) == (MailState.PENDING, 1)
    assert "451" in row.last_error
    assert row.next_attempt_at > row.created_at
    assert mailbox.to("retry@outbox.example") == []

    beat_pass_after(row)

    (message,) = mailbox.wait_for(1, to="retry@outbox.example")
    assert message["Subject"] == "Your job is live"
    assert (row.state, row.attempts, row.sent_at is not None) == (MailState.SENT, 2, True)


def test_the_waits_between_attempts_grow(mailbox, queue_mail):
    mailbox.refusing = 3
    row = queue_mail(to="backoff@outbox.example")
    row.refresh_from_db()
    # Each wait is measured from the try it follows; the jitter (±20%) never closes a doubling.
    waits = [row.next_attempt_at - row.created_at]
    for _ in range(2):
        attempted_at = beat_pass_after(row)
        waits.append(row.next_attempt_at - attempted_at)

    assert row.attempts == 3
    assert waits[0] < waits[1] < waits[2]


def test_a_mail_refused_for_a_day_is_marked_failed_and_not_tried_again(mailbox, queue_mail):
    mailbox.refusing = 1000
    row = queue_mail(to="never@outbox.example")

    while row.state == MailState.PENDING:
        beat_pass_after(row)

    assert row.state == MailState.FAILED
    assert row.next_attempt_at is None
    assert "451" in row.last_error
    assert row.attempts >= 10
    attempts = row.attempts
    with time_machine.travel(row.created_at + GIVE_UP_AFTER * 2, tick=True):
        requeue_lost_mail()
    row.refresh_from_db()
    assert row.attempts == attempts
    assert mailbox.to("never@outbox.example") == []
