"""An admin blocking or unblocking an offer tells the company's staff (which offer, the admin's reason), through a
real SMTP server; nobody else hears of it, and a staff member who turned it off gets nothing."""

import pytest

from companies.models import NotificationKind
from companies.notifications.services import notification_preferences_save
from companies.services import company_user_create
from tests.helpers import PASSWORD
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(company):
    return company_user_create(email="colleague@labs.example", password=PASSWORD, company=company)


def test_an_admin_blocking_an_offer_mails_each_of_its_companys_staff_the_offer_and_the_reason(
    owner, colleague, rival, admin, make_offer, mailbox, django_capture_on_commit_callbacks
):
    offer = make_offer(title="Data Intern")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "The pay is misleading"})
    assert response.status_code == 200

    assert sorted(m["To"] for m in mailbox.messages) == ["colleague@labs.example", "owner@labs.example"]
    message = mailbox.to("owner@labs.example")[0]
    assert message["Subject"] == "Your offer was blocked: Data Intern"
    assert "Data Intern" in text_of(message) and "The pay is misleading" in text_of(message)
    assert f"http://testserver/dashboard/offers/{offer.pk}/" in text_of(message)
    assert unsubscribe_path(message).startswith("/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_admin_unblocking_an_offer_mails_its_companys_staff_with_the_blocks_reason(
    owner, rival, admin, make_offer, mailbox, django_capture_on_commit_callbacks
):
    offer = make_offer(title="Data Intern")
    admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "The pay is misleading"})
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.put(f"/offers/{offer.pk}/enable").status_code == 200

    (message,) = mailbox.messages
    assert message["To"] == "owner@labs.example"
    assert message["Subject"] == "Your offer was unblocked: Data Intern"
    assert "The pay is misleading" in text_of(message)


def test_the_company_showing_its_own_hidden_offer_again_mails_nobody(
    owner, make_offer, mailbox, django_capture_on_commit_callbacks
):
    offer = make_offer()
    owner.post(f"/offers/{offer.pk}/hide")
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.put(f"/offers/{offer.pk}/enable").status_code == 200
    assert mailbox.messages == []


def test_a_staff_member_who_turned_offer_moderation_off_is_not_mailed_while_a_colleague_is(
    owner, colleague, admin, make_offer, mailbox, django_capture_on_commit_callbacks
):
    notification_preferences_save(user_id=colleague.pk, choices={NotificationKind.OFFER_MODERATION: "off"})
    offer = make_offer()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "The pay is misleading"})
    assert [m["To"] for m in mailbox.messages] == ["owner@labs.example"]
