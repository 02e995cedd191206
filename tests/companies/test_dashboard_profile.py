"""The company profile page: what candidates see about the company, and the publishing checklist."""

import re

import pytest
from django.urls import reverse

from companies.models import Company

pytestmark = pytest.mark.django_db

URL = reverse("dashboard-company")


def profile_body(**overrides):
    body = {
        "name": "Owner Company Ltd",
        "logo_url": "https://owner.example/logo.png",
        "bio": "We build things.",
        "contacts": "jobs@owner.example\n+351 912 345 678\n",
    }
    return {**body, **overrides}


def field_block(html: str, name: str) -> str:
    """The markup of one form field, from its wrapper to the next field's, so an error is known to sit beside it."""
    match = re.search(rf'<div class="field[^"]*" id="field-{name}">(.*?)(?=<div class="field|<button)', html, re.S)
    assert match, f"no field {name} on the page"
    return match.group(1)


def test_profile_page_shows_the_form_slug_terms_payment_and_account_section(staff, owner_company):
    response = staff.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Owner Co"' in html
    assert owner_company.slug in html
    assert "accepted" in html and "Visa ending in 4242" in html
    assert reverse("dashboard-terms") in html and reverse("dashboard-payment") in html
    assert 'id="account"' in html


def test_saving_the_profile_stores_name_logo_bio_and_contacts(staff, owner_company):
    response = staff.post(URL, profile_body())
    assert response.status_code == 302 and response.url == URL
    owner_company.refresh_from_db()
    assert owner_company.name == "Owner Company Ltd"
    assert owner_company.logo_url == "https://owner.example/logo.png"
    assert owner_company.bio == "We build things."
    assert owner_company.contacts == ["jobs@owner.example", "+351 912 345 678"]
    assert "Company profile saved." in staff.get(URL).content.decode()


def test_renaming_keeps_the_public_slug(staff, owner_company):
    slug = owner_company.slug
    staff.post(URL, profile_body(name="Brand New Name"))
    owner_company.refresh_from_db()
    assert owner_company.slug == slug


def test_a_logo_address_that_is_not_a_web_url_shows_an_error_beside_the_logo_field(staff, owner_company):
    response = staff.post(URL, profile_body(logo_url="javascript:alert(1)"))
    assert response.status_code == 200
    assert "Enter a full web address starting with https://" in field_block(response.content.decode(), "logo_url")
    owner_company.refresh_from_db()
    assert owner_company.name == "Owner Co" and owner_company.logo_url == ""


def test_a_logo_address_without_a_scheme_is_taken_as_https(staff, owner_company):
    staff.post(URL, profile_body(logo_url="owner.example/logo.png"))
    owner_company.refresh_from_db()
    assert owner_company.logo_url == "https://owner.example/logo.png"


def test_an_empty_name_is_refused_with_a_message(staff, owner_company):
    response = staff.post(URL, profile_body(name="  "))
    assert "Enter your company&#x27;s name." in field_block(response.content.decode(), "name")
    owner_company.refresh_from_db()
    assert owner_company.name == "Owner Co"


def test_a_name_over_200_characters_is_refused(staff, owner_company):
    response = staff.post(URL, profile_body(name="x" * 201))
    assert "200 characters or fewer" in field_block(response.content.decode(), "name")


def test_a_contact_that_is_neither_email_nor_phone_is_refused_naming_its_line(staff, owner_company):
    response = staff.post(URL, profile_body(contacts="jobs@owner.example\ncall us maybe"))
    assert "Contact 2" in field_block(response.content.decode(), "contacts")
    assert Company.objects.get(pk=owner_company.pk).contacts == []


def test_more_than_ten_contacts_are_refused(staff, owner_company):
    contacts = "\n".join(f"person{i}@owner.example" for i in range(11))
    response = staff.post(URL, profile_body(contacts=contacts))
    assert "at most 10 contacts" in field_block(response.content.decode(), "contacts")


def test_a_contact_over_200_characters_is_refused(staff, owner_company):
    response = staff.post(URL, profile_body(contacts="a" * 190 + "@owner.example"))
    assert "longer than 200 characters" in field_block(response.content.decode(), "contacts")


def test_outdated_terms_and_a_missing_card_are_shown_with_links_to_fix_them(staff, owner_company):
    Company.objects.filter(pk=owner_company.pk).update(terms_version_accepted="1999-01", payment_card_last4="")
    html = staff.get(URL).content.decode()
    assert "outdated" in html and "you accepted version 1999-01" in html
    assert "Review and accept the current terms" in html
    assert "Add a card" in html
