"""A company signs itself up, end to end through a real SMTP server: apply → confirmation mail → confirm → the
admins' mail (admins only) → approve → approval mail → the new staff member logs in and lands on the onboarding."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from companies.models import ApplicationState, CompanyApplication, Membership, ModerationRecord
from tests.mailbox import text_of

from .applications import apply, confirm_link, post_json
from .conftest import APPLICANT_EMAIL, APPLICANT_PASSWORD, application_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_reviewer(db):
    """Staff (not superuser) holding the change permission on applications: mailed and allowed to review."""
    user = get_user_model().objects.create_user(
        username="mod@board.example", email="mod@board.example", password="pw-mod-12345", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_companyapplication"))
    return user


@pytest.fixture
def bystanders(owner_staff, db):
    """People who must not hear of applications: company staff, staff without the permission, an inactive
    superuser."""
    users = get_user_model().objects
    users.create_user(username="helper@board.example", email="helper@board.example", is_staff=True)
    users.create_superuser(username="gone@board.example", email="gone@board.example", is_active=False)


def test_an_applicant_is_approved_and_their_first_login_lands_on_the_onboarding(
    mailbox, django_capture_on_commit_callbacks, reviewer, reviewer_api, staff_reviewer, bystanders
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(Client(), application_body(email="Hello@Orchard.example"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "UNVERIFIED" and body["email"] == APPLICANT_EMAIL
    assert body["companyName"] == "Orchard Bikes" and body["submittedAt"]
    assert "password" not in body and APPLICANT_PASSWORD not in response.content.decode()
    stored = CompanyApplication.objects.get()
    assert APPLICANT_PASSWORD not in stored.password_hash and stored.password_hash.startswith("md5$")

    (confirmation,) = mailbox.to(APPLICANT_EMAIL)
    assert confirmation["Subject"] == "Confirm your email to apply to Job board"
    link = confirm_link(confirmation)
    assert f"/signup/confirm/{link.rsplit('/', 1)[1]}" == link

    browser = Client()
    page = browser.get(link)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    assert CompanyApplication.objects.get().state == ApplicationState.UNVERIFIED  # opening it changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = browser.post(link, follow=True)
    assert "waiting for review" in confirmed.content.decode()
    assert CompanyApplication.objects.get().state == ApplicationState.PENDING

    admin_mails = [m for m in mailbox.messages if m["To"] != APPLICANT_EMAIL]
    assert sorted(m["To"] for m in admin_mails) == ["mod@board.example", "root@board.example"]
    review_text = text_of(admin_mails[0])
    assert admin_mails[0]["Subject"] == "Orchard Bikes applied to join Job board"
    assert "We repair bicycles" in review_text
    assert f"http://testserver/admin/companies/companyapplication/{stored.pk}/change/" in review_text

    with django_capture_on_commit_callbacks(execute=True):
        approved = post_json(reviewer_api, f"/api/applications/company/{stored.pk}/approve")
    assert approved.status_code == 200, approved.json()
    company_id = approved.json()["companyId"]
    assert approved.json() == {"applicationId": str(stored.pk), "companyId": company_id}
    membership = Membership.objects.select_related("user", "company").get(user__email=APPLICANT_EMAIL)
    assert str(membership.company.pk) == company_id and membership.company.name == "Orchard Bikes"
    assert ModerationRecord.objects.filter(
        action="company_application_approve", target_id=str(stored.pk), actor_label="root@board.example"
    ).exists()

    (welcome,) = [m for m in mailbox.to(APPLICANT_EMAIL) if m is not confirmation]
    assert welcome["Subject"] == "Welcome to Job board: Orchard Bikes is approved"
    assert "http://testserver/dashboard/login/" in text_of(welcome)

    staff = Client()
    login = staff.post("/dashboard/login/", {"username": APPLICANT_EMAIL, "password": APPLICANT_PASSWORD})
    assert login.status_code == 302 and login.url == "/dashboard/welcome/"
    onboarding = staff.get(login.url)
    assert onboarding.status_code == 200 and "Welcome, Orchard Bikes" in onboarding.content.decode()
