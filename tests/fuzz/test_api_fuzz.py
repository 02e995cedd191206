"""Schemathesis against the served OpenAPI schema: no request to either API, from anyone, answers a 5xx.

The schema is read from /api/schema/ on pytest-django's live server, and every operation in it is fuzzed as
each actor that can reach it: the partner API with a real partner key and with none; the offers API as the
owner company's staff (session with CSRF), a moderator (session), god mode and nobody. Each operation gets
EXAMPLES generated requests per actor, from one fixed seed, half fitting the schema and half not, and half
of those aimed at the owner's real objects (a real job, application, webhook, offer, company id in the path)
so bodies reach the checks behind the 404. Every 5xx is collected and the test fails naming each request
(method, path, body) so that it can be replayed; the totals are printed and written to
test-output/fuzz-summary.json.
"""

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import pytest
import requests
import requests.auth
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from companies import login_throttle
from companies.applications import services as application_services
from companies.services import company_create, company_user_create, partner_key_issue
from companies.webhooks.endpoints import webhook_endpoint_create
from jobs.services.applications import application_submit
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import GOD_TOKEN, OFFERS_API_PATHS, PARTNER_JOB_API_PATHS, PASSWORD, offer_body

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 20260115
# Requests per operation and actor; FUZZ_EXAMPLES raises it for a longer hunt outside the suite.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
# Anonymous requests stop at the authentication check, so fewer of them cover it.
ANONYMOUS_EXAMPLES = max(1, EXAMPLES // 2)
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "fuzz-summary.json"
PARTNER_PREFIX = "/api/external/v1/"

# Paths the fuzzing must cover; a schema that lost one of them would silently fuzz less.
REQUIRED_PATHS = {
    *OFFERS_API_PATHS,
    *PARTNER_JOB_API_PATHS,
    "/api/external/v1/jobs/{job_id}/applications",
    "/api/external/v1/applications/{application_id}",
    "/api/external/v1/applications/{application_id}/view",
    "/api/external/v1/applications/{application_id}/accept",
    "/api/external/v1/applications/{application_id}/reject",
    "/api/external/v1/webhooks",
    "/api/external/v1/webhooks/{webhook_id}",
    "/api/external/v1/webhooks/{webhook_id}/deliveries",
    "/api/apply/company",
    "/api/apply/company/validate/{token}/confirm",
    "/api/applications/company/search",
    "/api/applications/company/{application_id}/approve",
    "/api/applications/company/{application_id}/reject",
}

PARTNER_ACTORS = ["partner-key", "partner-anonymous"]
OFFERS_ACTORS = ["offers-owner", "offers-moderator", "offers-god", "offers-anonymous"]


@dataclass
class Tally:
    operations: int = 0
    requests: int = 0
    statuses: dict = field(default_factory=dict)
    server_errors: list = field(default_factory=list)

    def count(self, status: int):
        self.requests += 1
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1


SUMMARY: dict[str, dict] = {}


@pytest.fixture
def fuzz_settings(settings, monkeypatch):
    """Limits that would turn most fuzzed requests into 429s are lifted: the fuzzer looks for 5xx, not limits."""
    settings.GOD_TOKEN = GOD_TOKEN
    settings.PARTNER_RATE_LIMIT_PER_MINUTE = 1_000_000
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(login_throttle, "ACCOUNT_FAILURES", 1_000_000)
    monkeypatch.setattr(login_throttle, "IP_FAILURES", 1_000_000)
    monkeypatch.setattr(application_services, "ATTEMPTS_PER_IP", 1_000_000)
    monkeypatch.setattr(application_services, "ATTEMPTS_PER_EMAIL", 1_000_000)


@pytest.fixture
def owned(fuzz_settings, live_server, complete_job_body):
    """The owner company with one of each object a path can name, and the people who call about them."""
    company = company_create(name="Fuzz Owner Co", accept_terms=True, payment_method=True)
    company_user_create(email="owner@fuzz.example", password=PASSWORD, company=company)
    moderator = get_user_model().objects.create_user(
        username="mod@fuzz.example", email="mod@fuzz.example", password=PASSWORD, is_staff=True
    )
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_offer"))
    key = partner_key_issue(company=company).raw
    created = requests.post(
        f"{live_server.url}/api/external/v1/jobs",
        json={**complete_job_body, "publish": True},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    job_id = created.json()["id"]
    application = application_submit(
        job_id=job_id, candidate_name="Ada", email="ada@fuzz.example", answers={}, met_qualification_ids=[]
    )
    webhook = webhook_endpoint_create(company=company, url="https://93.184.216.34/hooks", events=["offer.hidden"])
    body = offer_body()
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": company.pk})
    return {
        "key": key,
        "path_ids": {
            "job_id": str(job_id),
            "application_id": str(application.pk),
            "webhook_id": str(webhook.endpoint.pk),
            "offer_id": str(offer.pk),
            "company_id": str(company.pk),
        },
    }


def _session(base_url: str, email: str) -> dict[str, str]:
    """Logs in through the offers API; returns the headers a browser would send (cookie and CSRF token)."""
    http = requests.Session()
    response = http.post(f"{base_url}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=10)
    assert response.status_code == 200, response.text
    csrf = http.get(f"{base_url}/api/auth/me", timeout=10).cookies.get("csrftoken") or http.cookies.get("csrftoken")
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    headers = {"Cookie": cookie}
    if csrf:
        headers["X-CSRFToken"] = csrf
    return headers


def _headers_for(actor: str, base_url: str, owned_objects) -> dict[str, str]:
    if actor == "partner-key":
        return {"Authorization": f"Bearer {owned_objects['key']}"}
    if actor == "offers-owner":
        return _session(base_url, "owner@fuzz.example")
    if actor == "offers-moderator":
        return _session(base_url, "mod@fuzz.example")
    return {}


def _adjust_body_for(actor: str, case):
    """Only god mode sends a god token, the real one: in the X-God-Token header (reads and any body) and in a JSON
    object body. Everyone else sends none, since a fuzzed one would make every request a 401 before anything else."""
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "x-god-token"}
    if actor == "offers-god":
        headers["X-God-Token"] = GOD_TOKEN
    case.headers = headers
    if isinstance(case.body, dict):
        case.body.pop("god_token", None)
        if actor == "offers-god":
            case.body["god_token"] = GOD_TOKEN


def _strategy(operation, path_ids: dict[str, str]):
    """Half fitting the schema, half not; half with generated path ids, half with the owner's real ones."""
    real_ids = {p.name: path_ids[p.name] for p in operation.path_parameters if p.name in path_ids}
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if real_ids:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=real_ids))
    return st.one_of(strategies)


def _describe(case, response) -> str:
    if isinstance(case.body, (dict, list, str, int, float, bool)) or case.body is None:
        body = json.dumps(case.body)[:400]
    else:
        body = "(none)" if type(case.body).__name__ == "NotSet" else repr(case.body)[:400]
    return (
        f"{case.method.upper()} {case.formatted_path} query={case.query!r} headers={case.headers!r} body={body}"
        f" → {response.status_code} {response.text[:200]!r}"
    )


def _examples_for(actor: str) -> int:
    return ANONYMOUS_EXAMPLES if actor.endswith("anonymous") else EXAMPLES


class ActorAuth(requests.auth.AuthBase):
    """Puts the actor's credentials on every request after schemathesis has built it: its negative cases drop
    the documented auth header, which would turn the authenticated actors into anonymous ones (anonymous is
    fuzzed on its own)."""

    def __init__(self, headers: dict[str, str]):
        self.headers = headers

    def __call__(self, request):
        request.headers.update(self.headers)
        return request


def _fuzz_operation(operation, actor: str, base_url: str, path_ids: dict, tally: Tally, owned_objects):
    # Credentials per operation: fuzzing the logout (DELETE /api/auth/login) ends the session it was sent with.
    http = requests.Session()
    http.auth = ActorAuth(_headers_for(actor, base_url, owned_objects))

    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=_examples_for(actor),
        deadline=None,
        database=None,
        derandomize=False,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=_strategy(operation, path_ids))
    def run(case):
        _adjust_body_for(actor, case)
        response = case.call(base_url=base_url, session=http, timeout=30)
        # Cookies a response set (a login's session, a CSRF token) must not turn into the next request's identity.
        http.cookies.clear()
        tally.count(response.status_code)
        if response.status_code >= 500:
            tally.server_errors.append(f"[{actor}] {_describe(case, response)}")

    run()
    tally.operations += 1


def _operations(base_url: str):
    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/", config=SchemathesisConfig())
    return [result.ok() for result in schema.get_all_operations()]


def test_the_served_schema_lists_every_api_operation_the_fuzzer_must_reach(live_server):
    paths = {operation.path for operation in _operations(live_server.url)}
    assert REQUIRED_PATHS - paths == set()


@pytest.mark.parametrize("actor", PARTNER_ACTORS + OFFERS_ACTORS)
def test_fuzzed_requests_never_get_a_server_error(live_server, owned, actor):
    partner = actor.startswith("partner")
    operations = [op for op in _operations(live_server.url) if op.path.startswith(PARTNER_PREFIX) == partner]
    tally = Tally()
    started = time.monotonic()
    for operation in operations:
        _fuzz_operation(operation, actor, live_server.url, owned["path_ids"], tally, owned)
    SUMMARY[actor] = {
        "seed": SEED,
        "examples_per_operation": _examples_for(actor),
        "operations": tally.operations,
        "requests": tally.requests,
        "statuses": dict(sorted(tally.statuses.items())),
        "server_errors": len(tally.server_errors),
        "seconds": round(time.monotonic() - started, 1),
    }
    _write_summary()
    if tally.server_errors:
        pytest.fail(f"{len(tally.server_errors)} fuzzed requests got a 5xx:\n" + "\n".join(tally.server_errors))


def _write_summary():
    OUTPUT.parent.mkdir(exist_ok=True)
    totals = {
        "operations": sum(s["operations"] for s in SUMMARY.values()),
        "requests": sum(s["requests"] for s in SUMMARY.values()),
        "server_errors": sum(s["server_errors"] for s in SUMMARY.values()),
        "seconds": round(sum(s["seconds"] for s in SUMMARY.values()), 1),
    }
    OUTPUT.write_text(json.dumps({"seed": SEED, "totals": totals, "actors": SUMMARY}, indent=2))
