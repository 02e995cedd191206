"""An approved company's first login lands on a short onboarding: the profile (the Company page's form and
service), then the publish checklist (terms, payment). It can be skipped, and resumed from the overview; once
finished or skipped, logins land on the dashboard."""

import pytest
from django.test import Client

from companies.applications.services import (
    company_application_approve,
    company_application_submit,
    company_application_validate,
)
from companies.models import Company

pytestmark = pytest.mark.django_db

EMAIL, PASSWORD = "hello@orchard.example", "orchard-lane-42"


@pytest.fixture
def approved(reviewer):
    company_application_submit(
        email=EMAIL, password=PASSWORD, company_name="Orchard Bikes", motivation="We hire mechanics.", token="tok"
    )
    application = company_application_validate(token="tok")
    return company_application_approve(application_id=application.pk, actor=reviewer)


def log_in() -> tuple[Client, str]:
    browser = Client()
    response = browser.post("/dashboard/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return browser, response.url


def test_the_profile_step_saves_through_the_profile_service_then_shows_the_publish_checklist(approved):
    browser, landed = log_in()
    assert landed == "/dashboard/welcome/"

    response = browser.post(
        landed,
        {
            "name": "Orchard Bikes Ltd",
            "logo_url": "https://orchard.example/logo.png",
            "bio": "Bicycles, fixed.",
            "contacts": "hello@orchard.example\n+351 912 345 678",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/dashboard/welcome/publish/", 302)]
    page = response.content.decode()
    assert "Accept the current employer terms" in page and "Add a payment method" in page
    company = Company.objects.get()
    assert (company.name, company.bio, company.contacts) == (
        "Orchard Bikes Ltd",
        "Bicycles, fixed.",
        ["hello@orchard.example", "+351 912 345 678"],
    )
    finished = browser.post("/dashboard/welcome/publish/", follow=True)
    assert finished.redirect_chain == [("/dashboard/", 302)]
    assert "Continue setting up" not in finished.content.decode()
    assert log_in()[1] == "/dashboard/"


def test_a_bad_profile_is_refused_next_to_its_field(approved):
    browser, landed = log_in()

    response = browser.post(landed, {"name": "Orchard", "logo_url": "javascript:alert(1)"})

    assert response.status_code == 200 and "Enter a full web address" in response.content.decode()


def test_skipping_lands_later_logins_on_the_dashboard_and_the_overview_offers_to_resume(approved):
    browser, landed = log_in()

    skipped = browser.post("/dashboard/welcome/skip/", follow=True)

    assert skipped.redirect_chain == [("/dashboard/", 302)]
    assert "Continue setting up" in skipped.content.decode()
    again, landed_again = log_in()
    assert landed_again == "/dashboard/"
    assert again.get("/dashboard/welcome/").status_code == 200


def test_a_company_made_by_an_operator_has_no_onboarding(staff):
    overview = staff.get("/dashboard/").content.decode()

    assert "Continue setting up" not in overview
    login = Client().post("/dashboard/login/", {"username": "staff@owner.example", "password": "pw-owner-123"})
    assert login.url == "/dashboard/"
