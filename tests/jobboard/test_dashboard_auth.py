"""Staff sign in with their email, sign out with a POST, change and reset their password."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from tests.mailbox import text_of

from .dashboard_urls import dashboard_urls, url_path

pytestmark = pytest.mark.django_db

EMAIL, PASSWORD = "staff@owner.example", "pw-owner-123"
NEW_PASSWORD = "Quiet-Harbour-Lantern-7"
WRONG_LOGIN_TEXT = "That email and password do not match an account"


def log_in(client, email, password, next_url=None):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("dashboard-login"), data)


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize("url", [url for url in dashboard_urls() if url.is_public], ids=str)
def test_public_auth_pages_open_to_anonymous_visitors(client, url):
    class Unknown:  # a reset link that was never issued
        reset_uid, reset_token = "MA", "no-such-token"

    response = client.get(url_path(url, Unknown))
    if url.name == "dashboard-logout":
        assert response.status_code == 405
    else:
        assert response.status_code == 200, url.name


def test_login_with_email_in_any_case_opens_the_dashboard(client, owner_staff):
    response = log_in(client, "STAFF@Owner.Example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_login_returns_to_the_page_asked_for(client, owner_staff):
    response = client.get(reverse("dashboard-jobs"))
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assert 'name="next" value="/dashboard/jobs/"' in login_page.content.decode()
    response = log_in(client, EMAIL, PASSWORD, next_url="/dashboard/jobs/")
    assert response["Location"] == "/dashboard/jobs/"


def test_wrong_password_shows_the_forms_error_and_starts_no_session(client, owner_staff):
    response = log_in(client, EMAIL, "not-the-password")
    assert response.status_code == 200
    assert WRONG_LOGIN_TEXT in response.content.decode()
    assert not is_logged_in(client)


def test_unknown_email_gets_the_same_error(client, owner_staff):
    response = log_in(client, "nobody@owner.example", PASSWORD)
    assert WRONG_LOGIN_TEXT in response.content.decode()
    assert not is_logged_in(client)


def test_logout_is_post_only_and_ends_the_session(client, owner_staff):
    log_in(client, EMAIL, PASSWORD)
    assert client.get(reverse("dashboard-logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("dashboard-logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard-login")
    assert not is_logged_in(client)
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_change_makes_the_old_password_stop_working(client, owner_staff):
    log_in(client, EMAIL, PASSWORD)
    response = client.post(
        reverse("dashboard-password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard-password-change-done")
    assert client.get(reverse("dashboard")).status_code == 200  # still signed in after the change
    fresh = Client()
    assert log_in(fresh, EMAIL, PASSWORD).status_code == 200
    assert not is_logged_in(fresh)
    assert log_in(fresh, EMAIL, NEW_PASSWORD).status_code == 302
    assert is_logged_in(fresh)


def test_password_change_with_a_wrong_old_password_changes_nothing(staff, owner_staff):
    response = staff.post(
        reverse("dashboard-password-change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    owner_staff.refresh_from_db()
    assert owner_staff.check_password(PASSWORD)


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, owner_staff, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard-password-reset"), {"email": "Staff@Owner.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard-password-reset-done")
    (message,) = mailbox.messages
    assert message["To"] == EMAIL
    link = re.search(r"https?://[^/\s]+(/dashboard/password-reset/\S+/)", text_of(message)).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard-password-reset-complete")

    assert log_in(Client(), EMAIL, NEW_PASSWORD).status_code == 302
    assert log_in(Client(), EMAIL, PASSWORD).status_code == 200
    # The link works once.
    assert "This reset link no longer works" in Client().get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    client, owner_staff, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard-password-reset"), {"email": "nobody@owner.example"})
    assert response["Location"] == reverse("dashboard-password-reset-done")
    assert mailbox.messages == []


def test_user_without_a_company_gets_the_403_page_on_the_dashboard(outsider):
    response = outsider.get(reverse("dashboard"))
    assert response.status_code == 403
    assert "This account is not part of a company" in response.content.decode()


def test_user_without_a_company_can_log_in_and_is_told_why_the_dashboard_is_closed(client, db):
    get_user_model().objects.create_user(username="solo@x.example", email="solo@x.example", password="pw-solo-1")
    response = log_in(client, "solo@x.example", "pw-solo-1")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "not a member of any company" in page.content.decode()
