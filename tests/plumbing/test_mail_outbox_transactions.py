"""Mail is recorded with the change that causes it: a rolled-back change sends nothing, and a committed one has its
row before any sender is asked to send it."""

import pytest
from django.db import transaction

from companies.services import company_create, company_user_create, staff_invite
from plumbing.mail import Mail
from plumbing.models import MailState, OutboxMail
from plumbing.services import mail_queue

pytestmark = pytest.mark.django_db


class Abandoned(Exception):
    pass


def test_a_rolled_back_invitation_leaves_no_mail_and_sends_nothing(mailbox, django_capture_on_commit_callbacks):
    company = company_create(name="Rolled Back Co")
    owner = company_user_create(email="owner@rolledback.example", password="pw-rolled-123", company=company)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned):
        with transaction.atomic():
            staff_invite(company=company, email="new@rolledback.example", invited_by=owner)
            raise Abandoned

    assert OutboxMail.objects.count() == 0
    assert mailbox.messages == []


def test_a_mail_is_stored_pending_before_the_commit_sends_it(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit, transaction.atomic():
        row = mail_queue(mail=Mail(kind="test", to="order@outbox.example", subject="Hi", text="Hello", html=""))

    assert OutboxMail.objects.get(pk=row.pk).state == MailState.PENDING
    assert mailbox.messages == []

    for callback in after_commit:
        callback()

    (message,) = mailbox.wait_for(1, to="order@outbox.example")
    assert message["Auto-Submitted"] == "auto-generated"
    assert OutboxMail.objects.get(pk=row.pk).state == MailState.SENT
