import json

import pytest
from django.test import Client

from companies.services import company_create, company_user_create, partner_key_issue
from jobs.api.ratelimit import get_limiter
from jobs.locations_data import load_locations
from jobs.models import Location


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    get_limiter().reset()
    yield


class PartnerClient:
    """A partner's HTTP client: JSON in, JSON out, bearer key attached."""

    def __init__(self, raw_key: str | None):
        self.client = Client()
        self.raw_key = raw_key

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw_key}"} if self.raw_key else {}

    def request(self, method: str, path: str, body=None, raw: str | None = None, **params):
        url = "/api/external/v1" + path
        call = getattr(self.client, method.lower())
        if method in ("GET", "DELETE") and body is None and raw is None:
            return call(url, params, **self._headers())
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return call(url, data=data, content_type="application/json", **self._headers())

    def get(self, path, **params):
        return self.request("GET", path, **params)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)


@pytest.fixture
def owner_company(db):
    return company_create(name="Owner Co", accept_terms=True, payment_method=True)


@pytest.fixture
def other_company(db):
    return company_create(name="Other Co", accept_terms=True, payment_method=True)


@pytest.fixture
def owner_api(owner_company):
    return PartnerClient(partner_key_issue(company=owner_company).raw)


@pytest.fixture
def other_api(other_company):
    return PartnerClient(partner_key_issue(company=other_company).raw)


@pytest.fixture
def anonymous_api(db):
    return PartnerClient(None)


@pytest.fixture
def owner_staff(owner_company):
    return company_user_create(email="staff@owner.example", password="pw-owner-123", company=owner_company)


@pytest.fixture
def locations(db):
    """The canonical locations from the data migration; reloaded after a transactional test's flush."""
    if not Location.objects.exists():
        load_locations(Location)


@pytest.fixture
def austin(locations):
    return Location.objects.get(city="Austin", state_code="TX")


@pytest.fixture
def complete_job_body(austin):
    """A job body that passes every publish gate."""
    return {
        "title": "Backend Engineer",
        "description": "Build APIs.",
        "remoteOption": "HYBRID",
        "jobType": "FULL_TIME",
        "jobLevel": "MID",
        "salaryMin": 100000,
        "salaryMax": 150000,
        "salaryPeriod": "ANNUAL",
        "bidPerQualifiedApplicantCents": 500,
        "locations": [{"locationId": austin.pk}],
        "qualifications": [{"text": "Python", "kind": "REQUIRED"}, {"text": "Go", "kind": "PREFERRED"}],
        "questions": [{"prompt": "Start date?", "options": ["Now", "Later"]}],
        "budgets": [{"window": "DAILY", "budgetCents": 10000}],
    }


@pytest.fixture
def create_job(owner_api, complete_job_body):
    def _create(publish=False, **overrides):
        response = owner_api.post("/jobs", {**complete_job_body, **overrides, "publish": publish})
        assert response.status_code == 201, response.json()
        return response.json()

    return _create
