"""A mail's subject is one line of at most 200 characters, whatever user text went into it: a subject built from a
2,000-character URL or title is cut with an ellipsis, stored (PostgreSQL refuses a too-long value) and sent."""

import pytest

from plumbing.mail import SUBJECT_MAX
from plumbing.models import MailState

pytestmark = pytest.mark.django_db


def test_a_subject_longer_than_200_characters_is_cut_stored_and_sent(mailbox, queue_mail):
    row = queue_mail(to="long@outbox.example", subject="Webhook switched off: https://example.com/" + "a" * 2000)

    row.refresh_from_db()
    assert row.state == MailState.SENT
    assert len(row.subject) == SUBJECT_MAX and row.subject.endswith("…")
    (message,) = mailbox.wait_for(1, to="long@outbox.example")
    assert str(message["Subject"]).strip() == row.subject  # folded: the long header starts on its next line


def test_line_breaks_in_a_subject_become_spaces(mailbox, queue_mail):
    queue_mail(to="breaks@outbox.example", subject="Acme\r\nBcc: victim@example.com")

    (message,) = mailbox.wait_for(1, to="breaks@outbox.example")
    assert message["Subject"] == "Acme Bcc: victim@example.com"
    assert message["Bcc"] is None
