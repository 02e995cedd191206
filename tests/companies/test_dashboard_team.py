"""The team page: list colleagues, add one with an initial password, remove one (never yourself)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Membership
from companies.services import company_user_create

pytestmark = pytest.mark.django_db

TEAM = reverse("dashboard-team")
ADD = reverse("dashboard-team-add")
GOOD_PASSWORD = "violet-harbour-17"


def remove_url(membership):
    return reverse("dashboard-team-remove", args=[membership.pk])


def add(staff, email="new@owner.example", password=GOOD_PASSWORD, confirm=None):
    return staff.post(ADD, {"email": email, "password": password, "password_confirm": confirm or password})


@pytest.fixture
def colleague(owner_company):
    return company_user_create(email="colleague@owner.example", password=GOOD_PASSWORD, company=owner_company)


def test_the_team_page_lists_staff_and_marks_you(staff, owner_staff, colleague):
    response = staff.get(TEAM)
    html = response.content.decode()
    assert response.status_code == 200
    assert "staff@owner.example" in html and "colleague@owner.example" in html
    assert '<span class="badge">you</span>' in html
    assert remove_url(colleague.membership) in html
    assert remove_url(owner_staff.membership) not in html


@pytest.mark.parametrize(
    "password, message",
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("short1", "This password is too short."),
        ("new@owner.example", "The password is too similar to the email address."),
    ],
)
def test_a_weak_password_shows_djangos_validator_message_and_adds_nobody(staff, owner_company, password, message):
    response = add(staff, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="new@owner.example").exists()


def test_passwords_that_differ_are_refused(staff, owner_company):
    response = add(staff, confirm=GOOD_PASSWORD + "x")
    assert "The two passwords do not match." in response.content.decode()
    assert not get_user_model().objects.filter(email="new@owner.example").exists()


def test_an_email_that_already_has_an_account_is_refused_clearly(staff, rival_staff):
    response = add(staff, email="Staff@Other.example")
    assert "An account with this email already exists" in response.content.decode()
    assert Membership.objects.filter(user__email="staff@other.example").get().company.name == "Other Co"


def test_an_invalid_email_is_refused(staff, owner_company):
    response = add(staff, email="not-an-email")
    assert "Enter a valid email address" in response.content.decode()


def test_an_added_colleague_can_sign_in_and_see_the_dashboard(staff, owner_company):
    response = add(staff, email="New@Owner.example")
    assert response.status_code == 302 and response.url == TEAM
    assert "new@owner.example can now sign in" in staff.get(TEAM).content.decode()
    browser = Client()
    login = browser.post(reverse("dashboard-login"), {"username": "new@owner.example", "password": GOOD_PASSWORD})
    assert login.status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 200
    assert browser.get(TEAM).status_code == 200
    assert Membership.objects.get(user__email="new@owner.example").company == owner_company


def test_get_on_the_add_url_is_refused_and_adds_nobody(staff, owner_company):
    assert staff.get(ADD, {"email": "x@owner.example", "password": GOOD_PASSWORD}).status_code == 405
    assert Membership.objects.filter(company=owner_company).count() == 1


def test_removing_yourself_is_refused_with_a_message(staff, owner_staff):
    assert "You cannot remove yourself" in staff.get(remove_url(owner_staff.membership)).content.decode()
    response = staff.post(remove_url(owner_staff.membership), follow=True)
    assert "You cannot remove yourself from the team." in response.content.decode()
    assert Membership.objects.filter(user=owner_staff).exists()


def test_the_remove_confirmation_page_changes_nothing(staff, colleague):
    response = staff.get(remove_url(colleague.membership))
    assert response.status_code == 200
    assert "Remove colleague@owner.example?" in response.content.decode()
    assert Membership.objects.filter(user=colleague).exists()


def test_removing_a_colleague_ends_their_access_at_once(staff, colleague):
    their_browser = Client()
    their_browser.force_login(colleague)
    assert their_browser.get(TEAM).status_code == 200
    membership = colleague.membership
    response = staff.post(remove_url(membership), follow=True)
    assert "colleague@owner.example was removed" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert their_browser.get(TEAM).status_code == 302  # signed out: back to login
    login = Client().post(reverse("dashboard-login"), {"username": colleague.email, "password": GOOD_PASSWORD})
    assert login.status_code == 200  # the login form again, with an error


def test_another_companys_member_is_404_and_stays(staff, other_company):
    rival = company_user_create(email="rival@other.example", password=GOOD_PASSWORD, company=other_company)
    assert staff.get(remove_url(rival.membership)).status_code == 404
    assert staff.post(remove_url(rival.membership)).status_code == 404
    rival.refresh_from_db()
    assert rival.is_active and Membership.objects.filter(user=rival).exists()


def team_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TEAM).status_code == 200
    return len(queries)


def test_the_team_page_costs_the_same_queries_for_1_and_15_members(staff, owner_company):
    one = team_queries(staff)
    for i in range(14):
        company_user_create(email=f"member{i}@owner.example", password=GOOD_PASSWORD, company=owner_company)
    assert team_queries(staff) == one
