"""A Celery worker killed while it sends a mail loses nothing: the outbox row stays pending under the dead worker's
claim, and once the claim lapses the beat's pass sends it, once."""

import signal
from datetime import timedelta

import pytest
import time_machine

from plumbing.mail import Mail
from plumbing.models import MailState, OutboxMail
from plumbing.services import LOST_AFTER, mail_queue
from plumbing.tasks import requeue_lost_mail
from tests.mailbox import Mailbox

from .test_mail_worker import start_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp():
    box = Mailbox().start()
    yield box
    box.held.clear()
    box.stop()


def test_a_mail_whose_worker_dies_mid_send_is_sent_later_once(spawn, monkeypatch, smtp, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    smtp.held.set()
    row = mail_queue(mail=Mail(kind="test", to="killed@outbox.example", subject="Hi", text="Hello", html=""))
    worker = start_worker(spawn, monkeypatch, smtp)
    assert smtp.receiving.wait(60), "the worker never started sending"

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    smtp.held.clear()

    row.refresh_from_db()
    assert (row.state, row.attempts, row.sent_at) == (MailState.PENDING, 1, None)
    assert smtp.to("killed@outbox.example") == []

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the pass below sends in this process, the worker being gone
    with time_machine.travel(row.claimed_until + LOST_AFTER + timedelta(seconds=1), tick=True):
        requeue_lost_mail()

    (message,) = smtp.wait_for(1, to="killed@outbox.example")
    assert message["Subject"] == "Hi"
    row = OutboxMail.objects.get(pk=row.pk)
    assert (row.state, row.attempts) == (MailState.SENT, 2)
