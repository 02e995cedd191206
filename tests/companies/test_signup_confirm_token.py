"""The confirmation token, on the API and on the mailed page: it works once, for an hour; an expired one is
410 expired-token, an unknown one 404 invalid-token, a used one 409 application-already-validated. The page
answers below 400 when opened again and changes nothing."""

import pytest
from django.test import Client

from companies.models import ApplicationState, CompanyApplication
from plumbing.models import OutboxMail

from .applications import an_hour_later, apply, confirm_link, post_json, token_of
from .conftest import APPLICANT_EMAIL, application_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(Client(), application_body()).status_code == 200
    (message,) = mailbox.to(APPLICANT_EMAIL)
    return message


def confirm(token: str):
    return post_json(Client(), f"/api/apply/company/validate/{token}/confirm")


def test_the_mailed_token_confirms_the_application_once(mailed, reviewer):
    first = confirm(token_of(mailed))
    again = confirm(token_of(mailed))

    assert first.status_code == 200 and first.json()["state"] == "PENDING"
    assert again.status_code == 409
    assert again.json() == {"error_code": 2, "errors": [{"msg": "application-already-validated"}]}
    assert OutboxMail.objects.filter(kind="company_application_review").count() == 1


def test_a_token_over_an_hour_old_is_410_expired_token(mailed):
    with an_hour_later():
        response = confirm(token_of(mailed))

    assert response.status_code == 410
    assert response.json() == {"error_code": 3, "errors": [{"msg": "expired-token"}]}
    assert CompanyApplication.objects.get().state == ApplicationState.UNVERIFIED


def test_an_unknown_token_is_404_invalid_token(mailed):
    response = confirm("no-such-token")

    assert response.status_code == 404
    assert response.json() == {"error_code": 3, "errors": [{"msg": "invalid-token"}]}


def test_the_confirmation_page_opened_again_answers_below_400_and_changes_nothing(mailed):
    link = confirm_link(mailed)
    browser = Client()
    assert browser.post(link).status_code == 302
    validated_at = CompanyApplication.objects.get().validated_at

    for response in (browser.get(link), Client().get(link), Client().post(link, follow=True)):
        assert response.status_code < 400
        assert "waiting for review" in response.content.decode()
    assert CompanyApplication.objects.get().validated_at == validated_at


def test_the_confirmation_page_of_an_expired_link_says_so_and_confirms_nothing(mailed):
    with an_hour_later():
        response = Client().post(confirm_link(mailed), follow=True)

    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert CompanyApplication.objects.get().state == ApplicationState.UNVERIFIED


def test_the_confirmation_page_of_an_unknown_link_is_a_404():
    response = Client().get("/signup/confirm/no-such-token")

    assert response.status_code == 404 and "This link does not work" in response.content.decode()
