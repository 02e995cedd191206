"""Blocking, unblocking, disabling and enabling a company tells its staff what changed and what it means for their
postings (a block with its reason), through a real SMTP server. Another company's staff never hear of it, a
moderation that changes nothing tells nobody, and a rolled-back one sends nothing."""

import pytest
from django.db import transaction

from offers.actors import Actor
from offers.services.moderation import company_block
from plumbing.models import OutboxMail
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


def moderate(client, company, action, commit_callbacks, **body):
    with commit_callbacks(execute=True):
        response = client.put(f"/company/{company.pk}/{action}", body or None)
    assert response.status_code == 200, response.content
    return response


def test_a_block_mails_the_companys_staff_the_reason_and_what_it_means_and_never_another_companys(
    company, owner, rival, admin, mailbox, django_capture_on_commit_callbacks
):
    moderate(admin, company, "block", django_capture_on_commit_callbacks, adminReason="Fake postings")

    (message,) = mailbox.messages
    assert message["To"] == "owner@labs.example"
    assert message["Subject"] == "Owner Labs was blocked"
    assert "Fake postings" in text_of(message)
    assert "candidates no longer see any of your jobs or offers" in text_of(message)
    assert unsubscribe_path(message).startswith("/unsubscribe/")
    assert mailbox.to("rival@works.example") == []


def test_unblock_disable_and_enable_each_mail_the_companys_staff_what_changed(
    company, owner, rival, admin, god, mailbox, django_capture_on_commit_callbacks
):
    moderate(god, company, "block", django_capture_on_commit_callbacks, adminReason="Fake postings")
    moderate(admin, company, "unblock", django_capture_on_commit_callbacks)
    moderate(owner, company, "disable", django_capture_on_commit_callbacks)
    moderate(owner, company, "enable", django_capture_on_commit_callbacks)

    subjects = [m["Subject"] for m in mailbox.wait_for(4)]
    assert subjects == [
        "Owner Labs was blocked",
        "Owner Labs was unblocked",
        "Owner Labs was disabled",
        "Owner Labs was enabled again",
    ]
    assert {m["To"] for m in mailbox.messages} == {"owner@labs.example"}
    assert "you can post and change jobs and offers again" in text_of(mailbox.messages[1])
    assert "candidates no longer see any of your offers" in text_of(mailbox.messages[2])


def test_disabling_a_company_already_disabled_mails_nobody(company, owner, mailbox, django_capture_on_commit_callbacks):
    moderate(owner, company, "disable", django_capture_on_commit_callbacks)
    moderate(owner, company, "disable", django_capture_on_commit_callbacks)
    assert len(mailbox.messages) == 1


class Abandoned(Exception):
    pass


def test_a_rolled_back_block_sends_nothing(company, owner, admin_user, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        company_block(actor=Actor("admin", user=admin_user), company_id=company.pk, admin_reason="Fake postings")
        raise Abandoned

    assert OutboxMail.objects.count() == 0
    assert mailbox.messages == []
