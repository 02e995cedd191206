"""/unsubscribe/<token>, the List-Unsubscribe link of every notification mail: a mail client's one-click POST turns
the notification off with no login and no CSRF token and answers 200 itself; a GET shows a confirm button and
changes nothing; a bad or forged token is a clear 404 page, never a 500."""

import pytest
from django.core import signing
from django.test import Client

from companies.models import NotificationKind, NotificationPreference
from companies.notifications.selectors import notification_preferences_for_user
from companies.notifications.services import staff_unsubscribe_url
from offers.actors import GOD
from offers.services.moderation import company_block, company_unblock
from plumbing.unsubscribe import unsubscribe_token_make
from tests.mailbox import unsubscribe_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner_company, owner_staff, mailbox, django_capture_on_commit_callbacks):
    """The List-Unsubscribe path of a real mail to the owner's staff (their company was blocked)."""
    with django_capture_on_commit_callbacks(execute=True):
        company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Fake postings everywhere")
    (message,) = mailbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return unsubscribe_path(message)


def test_a_one_click_post_without_login_or_csrf_token_turns_the_notification_off_and_answers_200(
    link, owner_company, owner_staff, mailbox, django_capture_on_commit_callbacks
):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert notification_preferences_for_user(user_id=owner_staff.pk)[NotificationKind.COMPANY_STANDING] == "off"
    # Only that kind: the others stay as they were.
    assert notification_preferences_for_user(user_id=owner_staff.pk)[NotificationKind.NEW_APPLICATION] == "instant"
    with django_capture_on_commit_callbacks(execute=True):
        company_unblock(actor=GOD, company_id=owner_company.pk)
    assert len(mailbox.messages) == 1


def test_posting_the_link_twice_still_answers_200(link, owner_staff):
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200
    assert NotificationPreference.objects.get(user=owner_staff).delivery == "off"


def test_opening_the_link_shows_a_confirm_button_and_changes_nothing(link, owner_staff):
    response = Client().get(link)

    page = response.content.decode()
    assert response.status_code == 200
    assert "staff@owner.example" in page and NotificationKind.COMPANY_STANDING.label in page
    assert '<button type="submit">Unsubscribe</button>' in page
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_damaged_or_forged_token_is_a_clear_404_page(link, owner_staff, method):
    forged = signing.dumps({"k": "staff", "p": {"user": owner_staff.pk, "notification": "company_standing"}})
    for path in (link[:-3], "/unsubscribe/nonsense", f"/unsubscribe/{forged}", "/unsubscribe/%E2%9C%93"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 404, path
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "kind, payload",
    [
        ("staff", {"user": 999_999, "notification": "company_standing"}),
        ("staff", {"user": "1", "notification": "company_standing"}),
        ("staff", {"notification": "company_standing"}),
        ("staff", {"user": 1, "notification": "no_such_kind"}),
        ("alerts-not-yet", {"alert": 1}),
    ],
)
def test_a_signed_token_naming_nobody_or_an_unknown_kind_is_a_404(owner_staff, kind, payload):
    path = f"/unsubscribe/{unsubscribe_token_make(kind=kind, payload=payload)}"
    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code == 404


def test_a_removed_staff_members_link_is_a_404(owner_staff):
    path = staff_unsubscribe_url(user_id=owner_staff.pk, kind="company_standing").removeprefix("http://testserver")
    owner_staff.membership.delete()
    assert Client().post(path).status_code == 404
