"""Each sign-up rule refuses with a 422 naming its field, on the API (its msg) and on the web form (its words
next to the field), and sends no mail."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from companies.applications.services import company_application_reject, company_application_validate
from companies.models import CompanyApplication
from tests.mailbox import text_of

from .applications import an_hour_later, apply, token_of
from .conftest import APPLICANT_EMAIL, application_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field, value, msg",
    [
        ("email", "not-an-email", "must-be-email"),
        ("email", ..., "required"),
        ("email", 42, "must-be-string"),
        ("password", "short1", "below-min-length:8"),
        ("password", "no-digits-here", "must-contain-numbers"),
        ("password", "password1", "weak-password"),  # Django's common-password validator
        ("password", "hello@orchard1", "weak-password"),  # too like the email
        ("companyName", " A ", "below-min-length:2"),
        ("companyName", "x" * 101, "max-length-exceeded:100"),
        ("companyName", "   ", "required"),
        ("motivation", "Too short", "below-min-length:10"),
        ("motivation", "m" * 1501, "max-length-exceeded:1500"),
    ],
)
def test_a_broken_rule_is_a_422_naming_its_field(mailbox, django_capture_on_commit_callbacks, field, value, msg):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(Client(), application_body(**{field: value}))

    assert response.status_code == 422
    assert response.json()["error_code"] == 1
    (error,) = response.json()["errors"]
    assert (error["param"], error["msg"], error["location"]) == (field, msg, "body")
    if field == "password":
        assert error["value"] is None  # a password is never echoed
    assert not CompanyApplication.objects.exists() and mailbox.messages == []


def test_a_company_name_and_motivation_are_measured_after_trimming(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(Client(), application_body(companyName="  Ox  ", motivation="  We hire people.  "))

    assert response.status_code == 200
    assert response.json()["companyName"] == "Ox" and response.json()["motivation"] == "We hire people."


@pytest.mark.parametrize("holder", ["account", "pending application", "unverified application"])
def test_an_email_in_use_is_refused_with_email_already_exists(owner_staff, holder):
    email = "staff@owner.example" if holder == "account" else APPLICANT_EMAIL
    if holder != "account":
        assert apply(Client(), application_body()).status_code == 200
        if holder == "pending application":
            CompanyApplication.objects.update(state="PENDING")

    response = apply(Client(), application_body(email=email.upper(), companyName="Second try"))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"msg": "email-already-exists", "param": "email", "location": "body", "value": email.upper()}
    ]


def test_a_rejected_email_may_apply_again(reviewer, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apply(Client(), application_body())
    first = CompanyApplication.objects.get()
    company_application_validate(token=token_of(mailbox.to(APPLICANT_EMAIL)[0]))
    company_application_reject(application_id=first.pk, reject_reason="We could not find the company.", actor=reviewer)

    response = apply(Client(), application_body())

    assert response.status_code == 200 and response.json()["state"] == "UNVERIFIED"
    assert CompanyApplication.objects.count() == 2


def test_an_unconfirmed_application_whose_link_expired_is_replaced():
    assert apply(Client(), application_body()).status_code == 200

    with an_hour_later():
        response = apply(Client(), application_body(companyName="Orchard Bikes Ltd"))

    assert response.status_code == 200
    assert list(CompanyApplication.objects.values_list("company_name", flat=True)) == ["Orchard Bikes Ltd"]


def test_the_web_form_shows_each_rule_next_to_its_field_and_keeps_what_was_typed(mailbox):
    page = Client().get("/signup/").content.decode()
    for rule in ("At least 8 characters, with at least one digit", "2 to 100 characters", "10 to 1500 characters"):
        assert rule in page

    response = Client().post(
        "/signup/",
        {"email": APPLICANT_EMAIL, "password": "nodigits", "company_name": "Y", "motivation": "Short"},
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["password"] == ["Include at least one digit (0–9)."]
    assert form.errors["company_name"] == ["Use at least 2 characters (it has 1)."]
    assert form.errors["motivation"] == ["Use at least 10 characters (it has 5)."]
    assert "email" not in form.errors
    assert 'value="Y"' in response.content.decode()
    assert mailbox.messages == [] and not CompanyApplication.objects.exists()


def test_the_web_form_refuses_an_email_in_use_next_to_the_field(owner_staff):
    response = Client().post(
        "/signup/",
        {
            "email": "staff@owner.example",
            "password": "orchard-lane-42",
            "company_name": "Owner Again",
            "motivation": "We would like a second company.",
        },
    )

    assert response.status_code == 422
    assert "already has an account or an application" in response.context["form"].errors["email"][0]
    assert get_user_model().objects.filter(email="staff@owner.example").count() == 1


def test_the_web_sign_up_says_check_your_email_and_mails_the_link(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/signup/",
            {
                "email": APPLICANT_EMAIL,
                "password": "orchard-lane-42",
                "company_name": "Orchard Bikes",
                "motivation": "We repair bicycles and hire mechanics.",
            },
            follow=True,
        )

    assert response.redirect_chain == [("/signup/sent/", 302)]
    assert "Check your email" in response.content.decode() and APPLICANT_EMAIL in response.content.decode()
    (message,) = mailbox.to(APPLICANT_EMAIL)
    assert "/signup/confirm/" in text_of(message)
