"""The simulated payment card: checked like a real one, and only its brand and last four digits are kept."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from companies import validators
from companies.models import Company

pytestmark = pytest.mark.django_db

URL = reverse("dashboard-payment")
MASTERCARD = "5555 5555 5555 4444"


def card(number=MASTERCARD, expiry=None, cvc="123"):
    expiry = expiry or f"08/{(timezone.now().year + 1) % 100:02d}"
    return {"cardholder_name": "Ada Owner", "card_number": number, "expiry": expiry, "cvc": cvc}


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def stored_card(company) -> dict:
    fields = ("payment_card_brand", "payment_card_last4", "payment_method_added_at")
    return Company.objects.filter(pk=company.pk).values(*fields).get()


def everything_stored() -> str:
    """Every value of every row of every model, as one string to search."""
    return "\n".join(str(list(model.objects.values_list())) for model in apps.get_models())


def test_the_page_shows_the_card_on_file_and_the_test_card_hint(staff, owner_company):
    response = staff.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Visa ending in 4242, added" in html
    assert "4242 4242 4242 4242" in html


def test_a_valid_card_stores_only_its_brand_and_last_four_and_the_number_is_nowhere_in_the_database(
    staff, owner_company
):
    response = staff.post(URL, card())
    assert response.status_code == 302
    owner_company.refresh_from_db()
    assert (owner_company.payment_card_brand, owner_company.payment_card_last4) == ("mastercard", "4444")
    stored = everything_stored()
    assert "5555555555554444" not in stored and MASTERCARD not in stored
    assert "Mastercard ending in 4444" in staff.get(URL).content.decode()


def test_a_number_failing_the_luhn_check_is_refused_and_not_echoed_back(staff, owner_company):
    before = stored_card(owner_company)
    response = staff.post(URL, card(number="4242 4242 4242 4241", cvc="987"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This card number is not valid" in html
    assert "4242424242424241" not in html and "4242 4242 4242 4241" not in html
    assert input_value(html, "card_number") is None and input_value(html, "cvc") is None
    assert input_value(html, "cardholder_name") == "Ada Owner"
    assert stored_card(owner_company) == before


def test_an_expired_card_is_refused_and_nothing_is_stored(staff, owner_company):
    response = staff.post(URL, card(expiry="01/20"))
    html = response.content.decode()
    assert "This card has expired." in html
    assert MASTERCARD not in html and input_value(html, "card_number") is None
    owner_company.refresh_from_db()
    assert owner_company.payment_card_last4 == "4242"


def test_a_card_expiring_this_month_is_still_accepted(staff, owner_company):
    now = timezone.now()
    staff.post(URL, card(expiry=f"{now.month:02d}/{now.year}"))
    owner_company.refresh_from_db()
    assert owner_company.payment_card_last4 == "4444"


@pytest.mark.parametrize(
    "number, expiry, cvc, message",
    [
        ("4242 4242 42a2 4242", None, "123", "only digits"),
        ("4242 4242 42", None, "123", "12 to 19 digits"),
        (MASTERCARD, "13/30", "123", "between 01 and 12"),
        (MASTERCARD, "next year", "123", "MM/YY"),
        (MASTERCARD, None, "12", "3 or 4 digits"),
    ],
)
def test_malformed_card_details_are_refused_with_a_message(staff, owner_company, number, expiry, cvc, message):
    response = staff.post(URL, card(number=number, expiry=expiry, cvc=cvc))
    assert message in response.content.decode()
    owner_company.refresh_from_db()
    assert owner_company.payment_card_last4 == "4242"


def test_a_company_without_a_card_is_asked_to_add_one(staff, owner_company):
    Company.objects.filter(pk=owner_company.pk).update(payment_card_brand="", payment_card_last4="")
    assert "No payment method on file" in staff.get(URL).content.decode()


@pytest.mark.parametrize(
    "number, brand",
    [
        ("4242424242424242", "visa"),
        ("5105105105105100", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("2720990000000007", "mastercard"),
        ("378282246310005", "amex"),
        ("341111111111111", "amex"),
        ("6011111111111117", "discover"),
        ("6500000000000002", "discover"),
        ("3530111333300000", "card"),
    ],
)
def test_the_brand_is_told_from_the_leading_digits(number, brand):
    assert validators.card_number_errors(number) == {}
    assert validators.card_brand(number) == brand
