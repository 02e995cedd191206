"""Every spelling of an email that reaches an account counts against that account's one failure counter: the
throttle's key and the account lookup share one normalisation (NFKC, then casefold). On PostgreSQL, `iexact`
compares with UPPER(), which turns "ſ" (long s) into "S", so a key that did not casefold would give a long-s
spelling the account with a fresh counter of its own."""

import json
import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from companies.services import company_user_create

pytestmark = pytest.mark.django_db

PASSWORD = "Right-Horse-Battery-41"
WRONG = "Wrong-Staple-Guess-17"


def api_login(email: str, password: str, ip: str = "10.9.8.7"):
    body = json.dumps({"email": email, "password": password})
    return Client().post("/api/auth/login", body, content_type="application/json", REMOTE_ADDR=ip)


def fresh_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def test_failures_under_a_long_s_spelling_lock_the_account_for_its_plain_spelling(owner_company):
    email = f"sis-{uuid.uuid4().hex[:8]}@owner.example"
    company_user_create(email=email, password=PASSWORD, company=owner_company)
    long_s = "ſ" + email[1:]
    for _ in range(5):
        assert api_login(long_s, WRONG, fresh_ip()).status_code == 401

    response = api_login(email, PASSWORD, fresh_ip())

    assert response.status_code == 429
    assert response.json()["errors"][0]["msg"] == "too-many-login-attempts"


def test_failures_under_the_plain_spelling_lock_out_the_long_s_spelling_on_the_dashboard(owner_company):
    email = f"sis-{uuid.uuid4().hex[:8]}@owner.example"
    company_user_create(email=email, password=PASSWORD, company=owner_company)
    for _ in range(5):
        api_login(email, WRONG, fresh_ip())

    response = Client().post(
        "/dashboard/login/", {"username": "ſ" + email[1:], "password": PASSWORD}, REMOTE_ADDR=fresh_ip()
    )

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_a_kelvin_sign_spelling_signs_in_to_the_same_account(owner_company):
    email = f"kim-{uuid.uuid4().hex[:8]}@owner.example"
    user = company_user_create(email=email, password=PASSWORD, company=owner_company)

    response = api_login("\u212a" + email[1:], PASSWORD, fresh_ip())  # KELVIN SIGN, NFKC "K"

    assert response.status_code == 200
    assert response.json()["id"] == str(user.pk)


def test_an_address_at_a_sharp_s_domain_signs_in_as_typed(owner_company):
    # Its key spells the domain "strasse", which a case-insensitive match alone would not find.
    email = f"staff-{uuid.uuid4().hex[:8]}@straße.example"
    user = company_user_create(email=email, password=PASSWORD, company=owner_company)

    client = Client()
    body = json.dumps({"email": email, "password": PASSWORD})
    response = client.post("/api/auth/login", body, content_type="application/json", REMOTE_ADDR=fresh_ip())

    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@b.example", "two@@b.example", "spa ce@b.example"])
def test_api_login_refuses_an_email_that_is_not_an_address_with_422(email):
    response = api_login(email, PASSWORD)

    assert response.status_code == 422
    assert response.json() == {
        "error_code": 1,
        "errors": [{"msg": "must-be-email", "param": "email", "location": "body", "value": email}],
    }
