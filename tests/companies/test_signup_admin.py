"""The Django admin lists applications (filter by state, search by name and email) and reviews them with the
approve and reject actions (reject asks for the reason first), through the same services, recorded. Only
superusers and staff with the change permission on applications see the actions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from companies.applications.services import company_application_submit, company_application_validate
from companies.models import ApplicationState, Company, CompanyApplication, ModerationRecord
from tests.mailbox import text_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/companies/companyapplication/"
REASON = "Please apply with your company's own domain."


@pytest.fixture
def pending():
    company_application_submit(
        email="hello@orchard.example",
        password="orchard-lane-42",
        company_name="Orchard Bikes",
        motivation="We hire mechanics every season.",
        token="tok",
    )
    return company_application_validate(token="tok")


def test_the_list_filters_by_state_and_searches_name_and_email(reviewer_api, pending):
    assert "Orchard Bikes" in reviewer_api.get(CHANGELIST, {"state__exact": "PENDING"}).content.decode()
    assert "Orchard Bikes" not in reviewer_api.get(CHANGELIST, {"state__exact": "REJECTED"}).content.decode()
    assert "Orchard Bikes" in reviewer_api.get(CHANGELIST, {"q": "orchard.example"}).content.decode()
    change = reviewer_api.get(f"{CHANGELIST}{pending.pk}/change/").content.decode()
    assert "We hire mechanics" in change and pending.password_hash not in change


def test_approving_in_the_admin_creates_the_company_and_mails_the_applicant(
    reviewer_api, pending, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_api.post(
            CHANGELIST, {"action": "approve_applications", "_selected_action": [pending.pk]}, follow=True
        )

    assert "1 application approved (Orchard Bikes)" in response.content.decode()
    assert Company.objects.filter(name="Orchard Bikes").exists()
    assert ModerationRecord.objects.get(action="company_application_approve").actor_label == "root@board.example"
    (message,) = mailbox.to("hello@orchard.example")
    assert "is approved" in message["Subject"]


def test_rejecting_in_the_admin_asks_for_the_reason_then_mails_it(
    reviewer_api, pending, mailbox, django_capture_on_commit_callbacks
):
    asked = reviewer_api.post(CHANGELIST, {"action": "reject_applications", "_selected_action": [pending.pk]})
    assert asked.status_code == 200 and "Reason" in asked.content.decode()
    assert CompanyApplication.objects.get().state == ApplicationState.PENDING

    too_short = reviewer_api.post(
        CHANGELIST,
        {"action": "reject_applications", "_selected_action": [pending.pk], "apply": "1", "reject_reason": "No."},
    )
    assert "Use at least 10 characters" in too_short.content.decode()
    assert CompanyApplication.objects.get().state == ApplicationState.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = reviewer_api.post(
            CHANGELIST,
            {"action": "reject_applications", "_selected_action": [pending.pk], "apply": "1", "reject_reason": REASON},
            follow=True,
        )

    assert "1 application rejected" in done.content.decode()
    assert CompanyApplication.objects.get().reject_reason == REASON
    assert ModerationRecord.objects.get(action="company_application_reject").reason == REASON
    (message,) = mailbox.to("hello@orchard.example")
    assert REASON in text_of(message)


def test_staff_without_the_change_permission_see_applications_but_cannot_review(pending):
    user = get_user_model().objects.create_user(
        username="viewer@board.example", email="viewer@board.example", password="pw-viewer-123", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_companyapplication"))
    viewer = Client()
    viewer.force_login(user)

    page = viewer.get(CHANGELIST).content.decode()
    viewer.post(CHANGELIST, {"action": "approve_applications", "_selected_action": [pending.pk]})

    assert "Orchard Bikes" in page and "approve_applications" not in page
    assert CompanyApplication.objects.get().state == ApplicationState.PENDING
