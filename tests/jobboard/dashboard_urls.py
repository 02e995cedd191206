"""Every dashboard URL, listed from the URL resolver, and what the access and CSRF tests need to call each one.

The list comes from the resolver, so a new dashboard URL is tested the day it is added: the tests fail until
its methods are declared in METHODS and each of its path parameters has an object in PARAMETERS.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, reverse

from companies.models import NotificationKind
from jobs.models import Location

# Pages anonymous visitors must reach: signing in and getting a forgotten password back.
PUBLIC_NAMES = {"dashboard-login", "dashboard-logout"}
PUBLIC_PREFIX = "dashboard-password-reset"

# The HTTP methods each dashboard URL answers (a POST-only URL answers GET with 405).
GET, POST, BOTH = "GET", "POST", "GET POST"
METHODS = {
    "dashboard": GET,
    "dashboard-overview-csv": GET,
    "dashboard-login": BOTH,
    "dashboard-logout": POST,
    "dashboard-password-change": BOTH,
    "dashboard-password-change-done": GET,
    "dashboard-password-reset": BOTH,
    "dashboard-password-reset-done": GET,
    "dashboard-password-reset-confirm": BOTH,
    "dashboard-password-reset-complete": GET,
    # jobs
    "dashboard-jobs": GET,
    "dashboard-job-new": BOTH,
    "dashboard-location-search": GET,
    "dashboard-job": GET,
    "dashboard-job-edit": BOTH,
    "dashboard-job-publish": POST,
    "dashboard-job-pause": POST,
    "dashboard-job-resume": POST,
    "dashboard-job-close": POST,
    "dashboard-job-applications": GET,
    "dashboard-job-applications-csv": GET,
    "dashboard-job-stats-csv": GET,
    "dashboard-applications": GET,
    "dashboard-application": GET,
    "dashboard-application-decide": POST,
    "dashboard-application-spam": POST,
    "dashboard-budgets": BOTH,
    # offers
    "dashboard-offers": GET,
    "dashboard-offer-new": BOTH,
    "dashboard-offer": GET,
    "dashboard-offer-stats-csv": GET,
    "dashboard-offer-edit": BOTH,
    "dashboard-offer-hide": POST,
    "dashboard-offer-enable": POST,
    "dashboard-offer-archive": POST,
    "dashboard-account": POST,
    # companies
    "dashboard-company": BOTH,
    "dashboard-terms": BOTH,
    "dashboard-payment": BOTH,
    "dashboard-keys": GET,
    "dashboard-key-issue": BOTH,
    "dashboard-key-revoke": BOTH,
    "dashboard-webhook-add": POST,
    "dashboard-webhook": GET,
    "dashboard-webhook-enable": POST,
    "dashboard-webhook-remove": POST,
    "dashboard-webhook-resend": POST,
    "dashboard-team": GET,
    "dashboard-team-add": POST,
    "dashboard-team-remove": BOTH,
    "dashboard-team-invitation-cancel": POST,
    # an approved company's onboarding (jobboard)
    "dashboard-welcome": BOTH,
    "dashboard-welcome-publish": BOTH,
    "dashboard-welcome-skip": POST,
    "dashboard-notifications": BOTH,
}

# Path parameter → the attribute of OwnerObjects (tests/jobboard/conftest.py) that fills it.
PARAMETERS = {
    "job_id": "job",
    "application_id": "application",
    "offer_id": "offer",
    "key_id": "key",
    "member_id": "member",
    "invitation_id": "invitation",
    "endpoint_id": "webhook",
    "delivery_id": "delivery",
    "uidb64": "reset_uid",
    "token": "reset_token",
}
# Where one URL needs another object than its parameter's usual one: only a draft can be published.
PARAMETER_OVERRIDES = {"dashboard-job-publish": {"job_id": "draft"}}

# What each POST sends: a body that would change something stored if the request were let through, so
# "nothing changed" proves the refusal rather than an empty form.
NEW_PASSWORD = "Fresh-Horse-Battery-42"
POST_BODIES = {
    "dashboard-login": {"username": "staff@owner.example", "password": "pw-owner-123"},
    "dashboard-password-change": {
        "old_password": "pw-owner-123",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "dashboard-password-reset": {"email": "staff@owner.example"},
    "dashboard-password-reset-confirm": {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    "dashboard-job-new": {"title": "Injected job", "qualifications-TOTAL_FORMS": "0", "questions-TOTAL_FORMS": "0"},
    "dashboard-job-edit": {"title": "Injected title"},
    "dashboard-job-close": {"confirm": "yes"},
    "dashboard-application-decide": {"status": "accepted"},
    "dashboard-application-spam": {"confirm": "yes"},
    "dashboard-offer-new": {"title": "Injected offer"},
    "dashboard-offer-edit": {"title": "Injected title"},
    "dashboard-offer-archive": {"confirm": "yes"},
    "dashboard-account": {"action": "disable", "confirm": "yes"},
    "dashboard-company": {"name": "Injected name"},
    "dashboard-welcome": {"name": "Injected name"},
    "dashboard-terms": {"accept": "on"},
    "dashboard-payment": {
        "cardholder_name": "Mallory",
        "card_number": "5555 5555 5555 4444",
        "expiry": "12/39",
        "cvc": "123",
    },
    "dashboard-key-issue": {"label": "Injected key"},
    "dashboard-webhook-add": {"url": "https://93.184.216.34/injected", "events": ["offer.hidden"]},
    "dashboard-team-add": {"email": "intruder@evil.example"},
    "dashboard-notifications": {kind: "off" for kind in NotificationKind.values},
}

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class DashboardUrl:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def is_public(self) -> bool:
        return self.name in PUBLIC_NAMES or self.name.startswith(PUBLIC_PREFIX)

    @property
    def methods(self) -> str:
        # An undeclared URL is tried with both methods (the declaration test names it).
        return METHODS.get(self.name, BOTH)

    @property
    def accepts_get(self) -> bool:
        return GET in self.methods

    @property
    def accepts_post(self) -> bool:
        return POST in self.methods

    def __str__(self) -> str:
        return self.name


def all_routes() -> list[tuple[str | None, str]]:
    """(name, full route) of every URL pattern, nested includes walked."""

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            else:
                yield entry.name, route

    return list(walk(get_resolver().url_patterns, ""))


def dashboard_urls() -> list[DashboardUrl]:
    return [
        DashboardUrl(name, route, tuple(_PARAMETER.findall(route)))
        for name, route in all_routes()
        if name and name.startswith("dashboard")
    ]


def url_path(url: DashboardUrl, objects) -> str:
    """The URL's path with each parameter filled by an object of the owner company."""
    kwargs = {}
    for param in url.params:
        attribute = PARAMETER_OVERRIDES.get(url.name, {}).get(param) or PARAMETERS.get(param)
        if attribute is None:
            pytest.fail(
                f"{url.name} (/{url.route}) takes a path parameter {param!r} that the dashboard access tests do "
                f"not know: add it to PARAMETERS in tests/jobboard/dashboard_urls.py, with an object of the owner "
                f"company in OwnerObjects (tests/jobboard/conftest.py)."
            )
        value = getattr(objects, attribute)
        kwargs[param] = getattr(value, "pk", value)
    return reverse(url.name, kwargs=kwargs)


def login_redirect(path: str) -> str:
    return f"{reverse('dashboard-login')}?next={quote(path, safe='/')}"


WATCHED_APPS = {"companies", "jobs", "offers", "jobboard"}
WATCHED_MODELS = {"auth.User", "sessions.Session"}


def _watched(model) -> bool:
    return model is not Location and (model._meta.app_label in WATCHED_APPS or model._meta.label in WATCHED_MODELS)


def stored_state() -> dict:
    """Every stored row of the project's models (the locations excepted), to prove a refused request changed
    nothing: jobs and their children, applications, charges, offers, companies, keys, memberships, users,
    sessions."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if _watched(model)
    }
