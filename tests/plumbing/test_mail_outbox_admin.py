"""The outbox in the Django admin: an admin sees each mail's state, attempts and last error, and "Send again"
delivers a failed mail (recorded in the admin's history) and leaves a sent one alone."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from plumbing.models import MailState, OutboxMail

pytestmark = pytest.mark.django_db


def stored_mail(*, to: str, state: str) -> OutboxMail:
    now = timezone.now()
    return OutboxMail.objects.create(
        kind="test",
        to=to,
        subject="Your job is live",
        text="It is.",
        state=state,
        attempts=12,
        last_error="SMTPDataError: (451, b'4.3.0 Try again later')",
        created_at=now,
        give_up_at=now,
        sent_at=now if state == MailState.SENT else None,
    )


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="root@outbox.example", email="root@outbox.example", password="pw-root-1234"
    )
    client.force_login(admin)
    return client


def test_the_list_shows_state_attempts_and_last_error(admin_client_logged_in):
    stored_mail(to="failed@outbox.example", state=MailState.FAILED)

    page = admin_client_logged_in.get(reverse("admin:plumbing_outboxmail_changelist"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "failed@outbox.example" in text and "Failed" in text and "12" in text and "Try again later" in text


def test_send_again_delivers_a_failed_mail_and_records_it(
    admin_client_logged_in, mailbox, django_capture_on_commit_callbacks
):
    failed = stored_mail(to="failed@outbox.example", state=MailState.FAILED)
    sent = stored_mail(to="sent@outbox.example", state=MailState.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client_logged_in.post(
            reverse("admin:plumbing_outboxmail_changelist"),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 mail(s) queued to send again. 1 already sent, left as they are." in answer.content.decode()
    (message,) = mailbox.wait_for(1, to="failed@outbox.example")
    assert message["Subject"] == "Your job is live"
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (MailState.SENT, 13)
    assert mailbox.to("sent@outbox.example") == []
    assert LogEntry.objects.get(object_id=str(failed.pk)).change_message == "Sent again."
