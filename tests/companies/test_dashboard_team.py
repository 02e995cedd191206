"""The team page: list colleagues and remove one (never yourself). Inviting one: test_dashboard_team_invitations."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Membership
from companies.services import company_user_create

pytestmark = pytest.mark.django_db

TEAM = reverse("dashboard-team")
GOOD_PASSWORD = "violet-harbour-17"


def remove_url(membership):
    return reverse("dashboard-team-remove", args=[membership.pk])


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
