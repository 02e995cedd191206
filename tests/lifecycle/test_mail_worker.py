"""With Redis, mail is handed to the broker when the change commits and a real Celery worker sends it: the page
that caused it answers without waiting on the mail server (a password reset answers before any mail leaves)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from companies.services import company_create, company_user_create
from tests.mailbox import Mailbox

from .conftest import BIN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp():
    box = Mailbox().start()
    yield box
    box.stop()


def start_worker(spawn, monkeypatch, smtp: Mailbox):
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}")
    args = ["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    return spawn([str(BIN / "celery"), "-A", "jobboard", *args], "celery-mail-worker.log")


def test_a_reset_answers_before_its_mail_is_sent_and_a_worker_sends_it(spawn, monkeypatch, smtp, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    company = company_create(name="Mailed Co")
    company_user_create(email="reset@mailed.example", password="pw-mailed-123", company=company)

    answer = Client(REMOTE_ADDR="10.43.0.1").post(
        reverse("dashboard-password-reset"), {"email": "reset@mailed.example"}
    )

    assert answer.status_code == 302
    time.sleep(1)
    assert smtp.to("reset@mailed.example") == []  # queued for a worker, none running yet
    start_worker(spawn, monkeypatch, smtp)
    # The broker may hold other tests' mail too (sent by this worker as well): only this address's counts.
    (message,) = smtp.wait_for(1, timeout=60, to="reset@mailed.example")
    assert message["Subject"] == "Reset your job board password"
