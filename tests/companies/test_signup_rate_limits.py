"""Sign-up attempts are limited to 20 per client address per hour and 5 per email address per day (429 with
Retry-After), on the API and the web form alike: one count, whichever is used."""

import pytest
from django.test import Client

from companies.models import CompanyApplication

from .applications import apply
from .conftest import application_body

pytestmark = pytest.mark.django_db


def test_the_sixth_attempt_for_one_email_in_a_day_is_429():
    statuses = [
        apply(Client(), application_body(motivation="bad"), REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(5)
    ]
    refused = apply(Client(), application_body(), REMOTE_ADDR="10.0.0.99")

    assert statuses == [422] * 5
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 23 * 3600
    assert refused.json() == {"error_code": 3, "errors": [{"msg": "too-many-sign-up-attempts"}]}
    assert not CompanyApplication.objects.exists()
    assert apply(Client(), application_body(email="other@orchard.example")).status_code == 200


def test_the_twenty_first_attempt_from_one_address_in_an_hour_is_429():
    statuses = [
        apply(Client(), application_body(email=f"a{i}@orchard.example", motivation="bad")).status_code
        for i in range(20)
    ]
    refused = apply(Client(), application_body(email="fresh@orchard.example"))

    assert statuses == [422] * 20
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 3500
    assert apply(Client(), application_body(email="fresh@orchard.example"), REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_web_form_shares_the_count_and_answers_429_with_the_form():
    for _ in range(5):
        apply(Client(), application_body(motivation="bad"))

    response = Client().post(
        "/signup/",
        {
            "email": "hello@orchard.example",
            "password": "orchard-lane-42",
            "company_name": "Orchard",
            "motivation": "We hire mechanics.",
        },
    )

    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many sign-up attempts. Try again in" in response.content.decode()
    assert not CompanyApplication.objects.exists()
