"""An admin rejects an application with a reason (10–1500 characters): the applicant is mailed the reason, sees it
when they log in, and the rejection is in the moderation record. A reviewed or unconfirmed application cannot be
reviewed (409); only admins and god mode may review (401)."""

import json

import pytest
from django.test import Client

from companies.applications.services import company_application_submit, company_application_validate
from companies.models import ApplicationState, Company, CompanyApplication, ModerationRecord
from tests.helpers import GOD_TOKEN
from tests.mailbox import text_of

from .applications import post_json
from .conftest import APPLICANT_EMAIL, APPLICANT_PASSWORD

pytestmark = pytest.mark.django_db

REASON = "We could not find this company in the business register."


def submitted(confirmed=True) -> CompanyApplication:
    application = company_application_submit(
        email=APPLICANT_EMAIL,
        password=APPLICANT_PASSWORD,
        company_name="Orchard Bikes",
        motivation="We repair bicycles and hire mechanics.",
        token="tok",
    )
    if confirmed:
        company_application_validate(token="tok")
    return application


def test_a_rejection_mails_the_reason_records_it_and_shows_it_at_login(
    reviewer, reviewer_api, mailbox, django_capture_on_commit_callbacks
):
    application = submitted()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            reviewer_api, f"/api/applications/company/{application.pk}/reject", {"rejectReason": REASON}
        )

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "REJECTED" and response.json()["rejectReason"] == REASON
    (message,) = mailbox.to(APPLICANT_EMAIL)
    assert message["Subject"] == "Your application for Orchard Bikes on Job board"
    assert REASON in text_of(message) and "http://testserver/signup/" in text_of(message)
    record = ModerationRecord.objects.get(action="company_application_reject")
    assert (record.target_type, record.target_id, record.reason) == ("company_application", str(application.pk), REASON)
    assert not Company.objects.exists()

    browser = Client()
    login = browser.post("/dashboard/login/", {"username": APPLICANT_EMAIL, "password": APPLICANT_PASSWORD})
    assert login.url == "/signup/status/"
    assert REASON in browser.get(login.url).content.decode()


@pytest.mark.parametrize(
    "reason, msg",
    [
        (None, "required"),
        (42, "must-be-string"),
        ("Too short", "below-min-length:10"),
        ("r" * 1501, "max-length-exceeded:1500"),
    ],
)
def test_a_reject_reason_outside_10_to_1500_characters_is_422(reviewer_api, reason, msg):
    application = submitted()
    body = {} if reason is None else {"rejectReason": reason}

    response = post_json(reviewer_api, f"/api/applications/company/{application.pk}/reject", body)

    assert response.status_code == 422
    assert [(e["param"], e["msg"]) for e in response.json()["errors"]] == [("rejectReason", msg)]
    assert CompanyApplication.objects.get().state == ApplicationState.PENDING


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_an_unconfirmed_application_cannot_be_reviewed(reviewer_api, action):
    application = submitted(confirmed=False)

    response = post_json(reviewer_api, f"/api/applications/company/{application.pk}/{action}", {"rejectReason": REASON})

    assert response.status_code == 409
    assert response.json() == {"error_code": 2, "errors": [{"msg": "application-not-verified"}]}


@pytest.mark.parametrize("first, then", [("approve", "reject"), ("reject", "approve"), ("reject", "reject")])
def test_a_reviewed_application_cannot_be_reviewed_again(reviewer_api, first, then):
    application = submitted()
    path = f"/api/applications/company/{application.pk}"
    assert post_json(reviewer_api, f"{path}/{first}", {"rejectReason": REASON}).status_code == 200

    response = post_json(reviewer_api, f"{path}/{then}", {"rejectReason": REASON})

    assert response.status_code == 409
    assert response.json() == {"error_code": 2, "errors": [{"msg": "company-application-already-reviewed"}]}


def test_company_staff_and_anonymous_callers_cannot_review_but_god_mode_can(staff, settings):
    settings.GOD_TOKEN = GOD_TOKEN
    application = submitted()
    path = f"/api/applications/company/{application.pk}/approve"

    for client in (Client(), staff):
        response = post_json(client, path)
        assert response.status_code == 401
        assert response.json()["errors"] == [{"msg": "insufficient-permissions"}]
    god = Client().post(path, json.dumps({"god_token": GOD_TOKEN}), content_type="application/json")
    assert god.status_code == 200
    assert ModerationRecord.objects.get(action="company_application_approve").actor_label == "god-token"


def test_an_unknown_application_is_404(reviewer_api):
    for path in ("999999", "nope"):
        response = post_json(reviewer_api, f"/api/applications/company/{path}/approve")
        assert response.status_code == 404
        assert response.json()["errors"] == [{"msg": f"no-application-found-with-id:{path}"}]
