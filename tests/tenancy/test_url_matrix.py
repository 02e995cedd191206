"""Every URL pattern in the resolver × (anonymous, other company, owner, admin): the status each one gets.

The patterns are listed from the URL resolver and each must have a rule in tests/tenancy/url_rules.py (or
be owned by the dashboard or offers API matrix, which this file checks covers it), so a new URL without a
rule fails here with its name. A refused request (any status from 300 up) changes nothing stored, and the
other company's key never sees the owner's objects in what it is answered.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import resolve

from tests.jobboard.dashboard_urls import stored_state
from tests.offers.test_actor_matrix import MATRIX as OFFERS_MATRIX

from .url_rules import (
    ACTORS,
    ADMIN_INDEX,
    ADMIN_LOGIN,
    DASHBOARD,
    OFFERS_API,
    SHADOWED,
    Pattern,
    all_patterns,
    object_attribute,
    rule_for,
)

pytestmark = pytest.mark.django_db

PATTERNS = all_patterns()
PARTNER_PREFIX = "api/external/v1/"


# The owner goes last: its request may change what the others' refusals are checked against.
ACTOR_ORDER = ("anonymous", "other", "admin", "owner")


def _probe_cases():
    for pattern in PATTERNS:
        rule = rule_for(pattern)
        if isinstance(rule, tuple):
            for probe in rule:
                yield pytest.param(pattern, probe, id=f"{probe.method} {pattern.label}")


CASES = list(_probe_cases())


def test_every_url_pattern_has_a_tenancy_rule():
    unclassified = [f"{p.label} (/{p.route})" for p in PATTERNS if rule_for(p) is None]
    assert unclassified == [], (
        "These URL patterns have no rule for who may reach them: add one to tests/tenancy/url_rules.py "
        f"(NAMED_RULES, UNNAMED_RULES or ADMIN_MODELS): {unclassified}"
    )


def test_every_offers_api_pattern_is_in_the_offers_actor_matrix():
    covered = {resolve("/api" + path.format(offer=1, company=1)).url_name for _, path, _, _ in OFFERS_MATRIX}
    delegated = {p.name for p in PATTERNS if rule_for(p) == OFFERS_API}
    assert delegated - covered == set(), "add these offers API URLs to MATRIX in tests/offers/test_actor_matrix.py"


def test_dashboard_patterns_are_left_to_the_dashboard_access_matrix():
    # tests/jobboard/test_dashboard_access.py walks the same resolver and fails for an undeclared dashboard URL.
    delegated = [p for p in PATTERNS if rule_for(p) == DASHBOARD]
    assert delegated and all(p.route.startswith("dashboard/") for p in delegated)


def test_shadowed_patterns_are_answered_by_an_earlier_one():
    for pattern in (p for p in PATTERNS if rule_for(p) == SHADOWED):
        assert resolve("/" + pattern.route).url_name != pattern.name, pattern.label


def _path(pattern: Pattern, probe, objects) -> str:
    if probe.path:
        return probe.path
    path = "/" + pattern.route
    for param in pattern.params:
        attribute = object_attribute(pattern, param, probe)
        if attribute is None:
            pytest.fail(
                f"{pattern.label} (/{pattern.route}) takes a path parameter {param!r} that the tenancy matrix does "
                f"not know: add it to PARAMETERS (or ADMIN_OBJECTS) in tests/tenancy/url_rules.py."
            )
        value = getattr(objects, attribute)
        path = re.sub(r"<(?:\w+:)?" + param + ">", str(getattr(value, "pk", value)), path)
    return path


@pytest.fixture
def actor_client(request, client, rival_staff, staff, superuser_session, owner_api, other_api):
    """The actor's browser session, and for the partner API the actor's company key."""

    def _for(actor: str, partner: bool) -> tuple[Client, dict]:
        session = {"anonymous": client, "other": rival_staff, "owner": staff, "admin": superuser_session}[actor]
        key = {"other": other_api.raw_key, "owner": owner_api.raw_key}.get(actor) if partner else None
        return session, ({"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {})

    return _for


def _stored_state() -> dict:
    """What is stored, less the time a partner key was last used: a refused request still records its key's use."""
    state = stored_state()
    state["companies.PartnerKey"] = [
        {name: value for name, value in row.items() if name != "last_used_at"} for row in state["companies.PartnerKey"]
    ]
    return state


def _check(pattern: Pattern, probe, actor: str, expected: int, objects, actor_client) -> list[str]:
    """Sends the probe as the actor; returns what went wrong (nothing when all held)."""
    path = _path(pattern, probe, objects)
    partner = pattern.route.startswith(PARTNER_PREFIX)
    session, headers = actor_client(actor, partner)
    before = _stored_state() if expected >= 300 else None
    call = getattr(session, probe.method.lower())
    if probe.body is not None:
        response = call(path, json.dumps(probe.body), content_type="application/json", **headers)
    else:
        response = call(path, probe.query, **headers)
    where = f"{probe.method} {path} as {actor}"
    if response.status_code != expected:
        return [f"{where}: {response.status_code}, expected {expected}: {response.content[:300]!r}"]
    problems = []
    if expected == 302 and pattern.route.startswith("admin/") and actor != "admin":
        location = response["Location"]
        if not (location.startswith(ADMIN_LOGIN) or location == ADMIN_INDEX):
            problems.append(f"{where}: sent to {location}, not to the admin login")
    if before is not None and _stored_state() != before:
        problems.append(f"{where} was refused ({expected}) but changed what is stored")
    if partner and actor == "other" and expected == 200:
        owned_ids = {str(objects.job.pk), str(objects.paused.pk), str(objects.draft.pk)}
        if any(owned in response.content.decode() for owned in owned_ids):
            problems.append(f"{where} shows the other company the owner's jobs")
    return problems


@pytest.mark.parametrize("pattern, probe", CASES)
def test_each_actor_gets_the_expected_status(tenancy_objects, actor_client, pattern, probe):
    problems = []
    for actor in ACTOR_ORDER:
        expected = probe.expect[ACTORS.index(actor)]
        problems += _check(pattern, probe, actor, expected, tenancy_objects, actor_client)
    assert problems == [], "\n".join(problems)
