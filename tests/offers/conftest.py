import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from companies.services import company_create, company_user_create
from offers.actors import GOD
from offers.services import offer_create
from offers.validators import iso_format

GOD_TOKEN = "test-god-token-0123456789"
PASSWORD = "pw-123456789"


class OffersClient:
    """Calls /api/… as one actor: a logged-in session, god mode, or nobody."""

    def __init__(self, *, email=None, god=False, csrf=False):
        self.client = Client(enforce_csrf_checks=csrf)
        self.god = god
        if email:
            response = self.client.post("/api/auth/login", json.dumps({"email": email, "password": PASSWORD}),
                                        content_type="application/json")
            assert response.status_code == 200, response.content

    def call(self, method, path, body=None, **query):
        if self.god:
            if method == "get":
                query["god_token"] = GOD_TOKEN
            else:
                body = {**(body or {}), "god_token": GOD_TOKEN}
        url = "/api" + path
        if method == "get":
            return self.client.get(url, query)
        return getattr(self.client, method)(url, json.dumps(body or {}), content_type="application/json")

    def get(self, path, **query):
        return self.call("get", path, **query)

    def post(self, path, body=None):
        return self.call("post", path, body)

    def put(self, path, body=None):
        return self.call("put", path, body)


@pytest.fixture(autouse=True)
def god_token(settings):
    settings.GOD_TOKEN = GOD_TOKEN


@pytest.fixture
def company(db):
    return company_create(name="Owner Labs", accept_terms=True, payment_method=True)


@pytest.fixture
def other(db):
    return company_create(name="Rival Works")


@pytest.fixture
def owner(company):
    company_user_create(email="owner@labs.example", password=PASSWORD, company=company)
    return OffersClient(email="owner@labs.example")


@pytest.fixture
def rival(other):
    company_user_create(email="rival@works.example", password=PASSWORD, company=other)
    return OffersClient(email="rival@works.example")


@pytest.fixture
def admin_user(db):
    user = get_user_model().objects.create_user(username="mod@board.example", email="mod@board.example",
                                                password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_offer"))
    return user


@pytest.fixture
def admin(admin_user):
    return OffersClient(email="mod@board.example")


@pytest.fixture
def god(db):
    return OffersClient(god=True)


@pytest.fixture
def anon(db):
    return OffersClient()


def offer_body(**overrides):
    now = timezone.now()
    body = {
        "title": "Backend Intern",
        "publishDate": iso_format(now + timedelta(minutes=5)),
        "publishEndDate": iso_format(now + timedelta(days=60)),
        "jobMinDuration": 3,
        "jobMaxDuration": 6,
        "description": "<p>Work on <b>APIs</b>.</p>",
        "contacts": ["jobs@labs.example"],
        "jobType": "SUMMER INTERNSHIP",
        "fields": ["BACKEND"],
        "technologies": ["Python", "Django"],
        "location": "Porto, Portugal",
        "requirements": ["Curiosity"],
        "applyURL": "https://labs.example/apply",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.fixture
def make_offer(company):
    """Creates an offer directly through the service, active now unless told otherwise."""

    def _make(target=None, now=None, **overrides):
        now = now or timezone.now()
        body = offer_body(**overrides)
        if "publishDate" not in overrides:
            body.pop("publishDate")
        return offer_create(actor=GOD, body={**body, "owner": (target or company).pk}, now=now)

    return _make
