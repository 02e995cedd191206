"""Team → Invite: a colleague is invited by email and chooses their own password from the mailed link. The page
answers the same whether or not the address has an account elsewhere on the platform, so it reveals no other
company's staff (or admins); only the mail, read by the address's owner, says it cannot join. Mail goes through
a real SMTP server."""

import re
from datetime import timedelta
from functools import partial

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Membership, StaffInvitation
from companies.services import company_user_create
from tests.helpers import run_in_parallel
from tests.mailbox import text_of

TEAM = reverse("dashboard-team")
INVITE = reverse("dashboard-team-add")
GOOD_PASSWORD = "violet-harbour-17"


def invite(staff, commit_callbacks, email: str):
    with commit_callbacks(execute=True):
        return staff.post(INVITE, {"email": email}, follow=True)


def link_in(message) -> str:
    return re.search(r"http://testserver(/invitation/[\w-]+/)", text_of(message)).group(1)


def accept(link: str, password: str = GOOD_PASSWORD, confirm: str | None = None, client: Client | None = None):
    return (client or Client()).post(link, {"password": password, "password_confirm": confirm or password})


@pytest.fixture
def invited(staff, mailbox, django_capture_on_commit_callbacks):
    """Invites new@owner.example and returns the link from the mail."""
    invite(staff, django_capture_on_commit_callbacks, "New@Owner.example")
    (message,) = mailbox.to("new@owner.example")
    return link_in(message)


@pytest.mark.django_db
def test_an_invited_colleague_chooses_a_password_from_the_mail_and_lands_on_the_dashboard(
    staff, owner_company, mailbox, django_capture_on_commit_callbacks
):
    response = invite(staff, django_capture_on_commit_callbacks, "New@Owner.example")
    assert "We emailed an invitation to new@owner.example." in response.content.decode()
    assert "new@owner.example" in staff.get(TEAM).content.decode()  # listed under Invited
    (message,) = mailbox.messages
    assert message["To"] == "new@owner.example"
    assert message["Subject"] == "Join Owner Co on Job board"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "staff@owner.example invited you to the dashboard of Owner Co" in text_of(message)

    browser = Client()
    page = browser.get(link_in(message)).content.decode()
    assert "Join Owner Co" in page and "new@owner.example" in page
    response = accept(link_in(message), client=browser)

    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert browser.get(reverse("dashboard")).status_code == 200
    assert Membership.objects.get(user__email="new@owner.example").company == owner_company
    login = Client().post(reverse("dashboard-login"), {"username": "new@owner.example", "password": GOOD_PASSWORD})
    assert login.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("existing", ["rival", "admin"])
def test_inviting_an_address_with_an_account_elsewhere_answers_as_for_a_new_one(
    staff, rival_staff, mailbox, django_capture_on_commit_callbacks, existing
):
    if existing == "admin":
        get_user_model().objects.create_superuser(username="root@board.example", email="root@board.example")
    taken = {"rival": "staff@other.example", "admin": "root@board.example"}[existing]

    for_taken = invite(staff, django_capture_on_commit_callbacks, taken)
    for_new = invite(staff, django_capture_on_commit_callbacks, "fresh@owner.example")

    assert for_taken.status_code == for_new.status_code == 200
    taken_page = for_taken.content.decode().replace(taken, "ADDRESS")
    new_page = for_new.content.decode().replace("fresh@owner.example", "ADDRESS")
    assert "already" not in taken_page
    assert re.search(r"We emailed an invitation to ADDRESS\.[^<]*", taken_page).group(0) == re.search(
        r"We emailed an invitation to ADDRESS\.[^<]*", new_page
    ).group(0)
    (message,) = mailbox.to(taken)
    assert "This address already has an account on Job board" in text_of(message)
    assert "/invitation/" not in text_of(message)
    assert get_user_model().objects.filter(email=taken).count() == 1
    assert not Membership.objects.filter(user__email=taken, company__name="Owner Co").exists()


@pytest.mark.django_db
def test_inviting_someone_already_on_your_team_says_so_and_mails_nothing(
    staff, owner_company, mailbox, django_capture_on_commit_callbacks
):
    company_user_create(email="colleague@owner.example", password=GOOD_PASSWORD, company=owner_company)

    response = invite(staff, django_capture_on_commit_callbacks, "Colleague@Owner.example")

    assert "colleague@owner.example is already on your team." in response.content.decode()
    assert mailbox.messages == []


@pytest.mark.django_db
def test_an_invalid_email_is_refused_and_mails_nothing(staff, mailbox, django_capture_on_commit_callbacks):
    response = invite(staff, django_capture_on_commit_callbacks, "not-an-email")

    assert "Enter a valid email address" in response.content.decode()
    assert mailbox.messages == [] and not StaffInvitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, message",
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("short1", "This password is too short."),
        ("new@owner.example", "The password is too similar to the email address."),
    ],
)
def test_a_weak_password_on_the_invitation_page_shows_djangos_message_and_creates_nobody(invited, password, message):
    response = accept(invited, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="new@owner.example").exists()


@pytest.mark.django_db
def test_passwords_that_differ_are_refused(invited):
    response = accept(invited, GOOD_PASSWORD, GOOD_PASSWORD + "x")

    assert "The two passwords do not match." in response.content.decode()
    assert not get_user_model().objects.filter(email="new@owner.example").exists()


@pytest.mark.django_db
def test_a_used_link_no_longer_works(invited):
    assert accept(invited).status_code == 302

    response = Client().get(invited)

    assert response.status_code == 404
    assert "This invitation no longer works" in response.content.decode()
    assert accept(invited, "another-harbour-18").status_code == 404


@pytest.mark.django_db
def test_a_link_older_than_7_days_no_longer_works(invited):
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert Client().get(invited).status_code == 404
        assert accept(invited).status_code == 404
    assert not get_user_model().objects.filter(email="new@owner.example").exists()


@pytest.mark.django_db
def test_a_second_invitation_to_the_same_address_replaces_the_first(
    staff, invited, mailbox, django_capture_on_commit_callbacks
):
    invite(staff, django_capture_on_commit_callbacks, "new@owner.example")

    first, second = mailbox.to("new@owner.example")
    assert Client().get(link_in(first)).status_code == 404
    assert Client().get(link_in(second)).status_code == 200


@pytest.mark.django_db
def test_cancelling_an_invitation_kills_its_link_and_another_companys_staff_cannot(staff, rival_staff, invited):
    invitation = StaffInvitation.objects.get()
    cancel = reverse("dashboard-team-invitation-cancel", args=[invitation.pk])

    assert rival_staff.post(cancel).status_code == 404
    assert Client().get(invited).status_code == 200

    response = staff.post(cancel, follow=True)
    assert "The invitation was cancelled" in response.content.decode()
    assert Client().get(invited).status_code == 404
    assert Client().post(cancel).status_code == 302  # anonymous: to the login page


@pytest.mark.django_db(transaction=True)
def test_two_submits_of_one_link_at_once_make_one_account(staff, mailbox):
    staff.post(INVITE, {"email": "new@owner.example"})  # committed at once: no test transaction here
    (message,) = mailbox.wait_for(1)
    link = link_in(message)

    statuses = run_in_parallel([partial(accept, link) for _ in range(4)])

    assert sorted(statuses, key=lambda r: r.status_code)[0].status_code == 302
    assert [r.status_code for r in statuses].count(302) == 1
    assert get_user_model().objects.filter(email="new@owner.example").count() == 1
