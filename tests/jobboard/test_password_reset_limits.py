"""Password reset mail is limited: at most 3 mails to one address and 10 requests from one client an hour. Every
request gets the same "check your email" answer, mails or not, so the page tells nothing. Mail goes through a
real SMTP server."""

import pytest
from django.test import Client
from django.urls import reverse

from companies.services import company_user_create
from jobboard.forms import RESET_MAILS_PER_ADDRESS, RESET_REQUESTS_PER_IP
from tests.mailbox import text_of

pytestmark = pytest.mark.django_db

RESET = reverse("dashboard-password-reset")
SENT = reverse("dashboard-password-reset-done")


def ask_reset(email: str, ip: str, commit_callbacks):
    with commit_callbacks(execute=True):
        return Client(REMOTE_ADDR=ip).post(RESET, {"email": email})


def test_nine_requests_for_one_address_from_nine_clients_send_three_mails_and_all_answer_alike(
    owner_company, mailbox, django_capture_on_commit_callbacks
):
    company_user_create(email="flooded@owner.example", password="pw-flooded-123", company=owner_company)

    answers = [
        ask_reset("flooded@owner.example", f"10.40.0.{n}", django_capture_on_commit_callbacks) for n in range(12)
    ]

    assert {(a.status_code, a.url) for a in answers} == {(302, SENT)}
    assert len(mailbox.to("flooded@owner.example")) == RESET_MAILS_PER_ADDRESS == 3
    message = mailbox.messages[0]
    assert message["Auto-Submitted"] == "auto-generated"
    assert "/dashboard/password-reset/" in text_of(message)


def test_one_client_gets_ten_reset_mails_an_hour_whatever_the_addresses(
    owner_company, mailbox, django_capture_on_commit_callbacks
):
    emails = [f"member{n}@owner.example" for n in range(RESET_REQUESTS_PER_IP + 2)]
    for email in emails:
        company_user_create(email=email, password="pw-member-123", company=owner_company)

    answers = [ask_reset(email, "10.41.0.1", django_capture_on_commit_callbacks) for email in emails]

    assert {(a.status_code, a.url) for a in answers} == {(302, SENT)}
    assert len(mailbox.messages) == RESET_REQUESTS_PER_IP == 10
    assert ask_reset(emails[0], "10.41.0.2", django_capture_on_commit_callbacks).url == SENT
    assert len(mailbox.messages) == 11  # another client is not held by the first one's limit


def test_an_unknown_address_gets_the_same_answer_and_no_mail(mailbox, django_capture_on_commit_callbacks):
    answer = ask_reset("nobody@nowhere.example", "10.42.0.1", django_capture_on_commit_callbacks)

    assert (answer.status_code, answer.url) == (302, SENT)
    assert mailbox.messages == []
