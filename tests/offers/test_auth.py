import json

import pytest
from django.test import Client

from offers.models import Offer
from tests.helpers import PASSWORD, OffersClient, offer_body

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post(
        "/api/auth/login", json.dumps({"email": email, "password": password}), content_type="application/json"
    )


def test_login_is_by_email_case_insensitive_and_answers_me(owner, company):
    client = Client()
    response = login(client, "OWNER@Labs.Example")
    assert response.status_code == 200
    assert response.json()["email"] == "owner@labs.example"
    assert response.json()["company"]["id"] == str(company.pk)
    assert response.json()["isAdmin"] is False
    assert client.get("/api/auth/me").json() == response.json()


def test_admin_login(admin_user):
    response = login(Client(), "MOD@board.example")
    assert response.status_code == 200 and response.json()["isAdmin"] is True and response.json()["company"] is None


def test_superusers_log_in_by_email(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username="root", email="root@board.example", password=PASSWORD)
    response = login(Client(), "root@board.example")
    assert response.status_code == 200 and response.json()["isAdmin"] is True


def test_wrong_password_is_401(owner):
    response = login(Client(), "owner@labs.example", "wrong")
    assert response.status_code == 401 and response.json()["error_code"] == 3


def test_missing_fields_are_422(db):
    response = Client().post("/api/auth/login", json.dumps({}), content_type="application/json")
    assert response.status_code == 422
    assert {e["param"] for e in response.json()["errors"]} == {"email", "password"}


def test_me_requires_login(db):
    response = Client().get("/api/auth/me")
    assert response.status_code == 401 and response.json()["errors"][0]["msg"] == "login-required"


def test_logout(owner):
    assert owner.client.delete("/api/auth/login").status_code == 200
    assert owner.client.get("/api/auth/me").status_code == 401


def test_login_is_csrf_exempt_but_session_writes_need_the_token(owner, company):
    client = Client(enforce_csrf_checks=True)
    assert login(client, "owner@labs.example").status_code == 200
    refused = client.post("/api/offers/new", json.dumps(offer_body()), content_type="application/json")
    assert refused.status_code == 403
    assert not Offer.objects.exists()
    client.get("/api/auth/me")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/offers/new", json.dumps(offer_body()), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.content


def test_god_mode_needs_no_csrf(company):
    client = OffersClient(god=True, csrf=True)
    assert client.post("/offers/new", offer_body(owner=company.pk)).status_code == 201
