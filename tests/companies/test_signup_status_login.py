"""An applicant without an account (unverified, pending or rejected application) who logs in on the dashboard
login with the application's email and password lands on /signup/status/, which says the state and a
rejection's reason; never the dashboard. A wrong password is refused as for any account."""

import pytest
from django.test import Client

from companies.applications.services import (
    company_application_approve,
    company_application_reject,
    company_application_validate,
)
from companies.models import CompanyApplication

from .applications import apply, token_of
from .conftest import APPLICANT_EMAIL, APPLICANT_PASSWORD, application_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(Client(), application_body()).status_code == 200
    return token_of(mailbox.to(APPLICANT_EMAIL)[0])


def log_in(password=APPLICANT_PASSWORD, email=APPLICANT_EMAIL.upper()):
    browser = Client()
    response = browser.post("/dashboard/login/", {"username": email, "password": password})
    return browser, response


@pytest.mark.parametrize(
    "state, says",
    [
        ("UNVERIFIED", "confirm your email address with the link we sent you"),
        ("PENDING", "Waiting for review"),
        ("REJECTED", "We could not verify that this company exists."),
    ],
)
def test_an_applicant_logging_in_sees_the_state_of_their_application_never_the_dashboard(token, reviewer, state, says):
    if state != "UNVERIFIED":
        company_application_validate(token=token)
    if state == "REJECTED":
        application = CompanyApplication.objects.get()
        company_application_reject(
            application_id=application.pk, reject_reason="We could not verify that this company exists.", actor=reviewer
        )

    browser, response = log_in()

    assert response.status_code == 302 and response.url == "/signup/status/"
    page = browser.get("/signup/status/")
    assert page.status_code == 200 and says in page.content.decode()
    assert "_auth_user_id" not in browser.session
    dashboard = browser.get("/dashboard/")
    assert dashboard.status_code == 302 and dashboard.url.startswith("/dashboard/login/")


def test_a_wrong_password_for_an_application_is_refused_like_any_login(token):
    browser, response = log_in(password="orchard-lane-43")

    assert response.status_code == 200
    assert "That email and password do not match an account" in response.content.decode()
    assert browser.get("/signup/status/").status_code == 302


def test_the_status_page_without_a_login_sends_to_the_login():
    response = Client().get("/signup/status/")

    assert response.status_code == 302 and response.url == "/dashboard/login/"


def test_once_approved_the_same_login_signs_in_to_the_company(token, reviewer):
    company_application_validate(token=token)
    company_application_approve(application_id=CompanyApplication.objects.get().pk, actor=reviewer)

    browser, response = log_in()

    assert response.status_code == 302 and response.url == "/dashboard/welcome/"
    assert browser.get("/dashboard/").status_code == 200
