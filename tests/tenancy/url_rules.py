"""Who may reach every URL pattern in the resolver: one rule per pattern, or the suite that owns its matrix.

The patterns come from the URL resolver (walked as tests/jobboard/dashboard_urls.py does), so a new URL
without a rule here fails tests/tenancy/test_url_matrix.py with its name. A rule is either a list of probes
(a method, a body, and the status each actor gets) or a pointer to the suite that already holds the URL's
actor matrix:

- dashboard URLs: tests/jobboard/test_dashboard_access.py (METHODS in tests/jobboard/dashboard_urls.py
  fails for an undeclared one);
- the offers API: MATRIX in tests/offers/test_actor_matrix.py (checked here to name every offers route).

Actors, in the order of every `expect` tuple:
  anonymous  no session, no key;
  other      the other company: its partner key on the partner API, its staff member's session elsewhere;
  owner      the owner company: its partner key on the partner API, its staff member's session elsewhere;
  admin      a superuser's session (the platform's admin; a partner API call without a key).
"""

import re
from dataclasses import dataclass, field

from tests.jobboard.dashboard_urls import all_routes

ACTORS = ("anonymous", "other", "owner", "admin")

DASHBOARD = "dashboard access matrix: tests/jobboard/test_dashboard_access.py"
OFFERS_API = "offers API actor matrix: tests/offers/test_actor_matrix.py"
SHADOWED = "shadowed: an earlier pattern answers its path"

# Where the admin sends those who may not see it: its login (with ?next=), or its index from the logout.
ADMIN_LOGIN = "/admin/login/?next="
ADMIN_INDEX = "/admin/"


@dataclass(frozen=True)
class Probe:
    method: str
    expect: tuple[int, int, int, int]  # anonymous, other, owner, admin
    body: dict | None = None
    # Path parameter → attribute of TenancyObjects, where the usual one will not do (only a draft publishes).
    objects: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    # A fixed path, for patterns that take anything (catch-alls, the admin's view-on-site).
    path: str | None = None


def probes(*items: Probe) -> tuple[Probe, ...]:
    return items


def everyone(status: int) -> tuple[int, int, int, int]:
    return (status, status, status, status)


# Partner API: no key 401; the other company's key 404 on the owner's objects (never 403: existence is not
# disclosed); the owner's key works; an admin's session is not a key (401).
def partner(owner_status: int = 200, other_status: int = 404) -> tuple[int, int, int, int]:
    return (401, other_status, owner_status, 401)


# Admin pages: anonymous visitors and company staff (no is_staff) are sent to the admin login; the superuser
# gets what the model's admin allows.
def admin_only(admin_status: int) -> tuple[int, int, int, int]:
    return (302, 302, 302, admin_status)


PUBLIC = probes(Probe("GET", everyone(200)))

NAMED_RULES: dict[str, tuple[Probe, ...] | str] = {
    # --- public pages ------------------------------------------------------------------------------------------
    "home": PUBLIC,
    "job-detail": PUBLIC,
    "job-apply": probes(Probe("GET", everyone(200))),
    # The thank-you page after an application is public too (it shows the job, nothing of the candidate).
    "job-applied": PUBLIC,
    "offer-detail": PUBLIC,
    # The offer's apply button: counts the click, then 302 to its applyURL, whoever follows it.
    "offer-apply": probes(Probe("GET", everyone(302))),
    "company-detail": PUBLIC,
    "feed-rss": PUBLIC,
    "feed-atom": PUBLIC,
    "sitemap": PUBLIC,
    "sitemap-section": PUBLIC,
    "robots": PUBLIC,
    "healthz": PUBLIC,
    "schema": PUBLIC,
    "swagger-ui": PUBLIC,
    # Saved-search alerts: the form is public; every other page is reached by a mail's link, whose token is the
    # only key, so an unknown one is a 404 for everyone (the one-click POST too).
    "alert-new": probes(Probe("GET", everyone(200), query={"q": "python"})),
    "alert-confirm": probes(Probe("GET", everyone(404), path="/alerts/confirm/no-such-token")),
    "alert-manage": probes(
        Probe("GET", everyone(404), path="/alerts/manage/no-such-token"),
        Probe("POST", everyone(404), path="/alerts/manage/no-such-token", body={}),
    ),
    # An invitation's link: its token is the only key, so an unknown one is a 404 for everyone.
    "invitation-accept": probes(Probe("GET", everyone(404), path="/invitation/no-such-token/")),
    # Company sign-up: public pages; a link's token is its only key (an unknown one is a 404 for everyone); the
    # status page shows the application a login named in this session, and sends anyone else to the login.
    "signup": PUBLIC,
    "signup-sent": PUBLIC,
    "signup-confirm": probes(Probe("GET", everyone(404), path="/signup/confirm/no-such-token")),
    "signup-status": probes(Probe("GET", everyone(302))),
    # The unsubscribe link of every mail that can be turned off: its signed token is the only key, so a bad one is
    # a 404 for everyone, a GET or a POST alike (tests/jobboard/test_unsubscribe.py has the good ones).
    "unsubscribe": probes(
        Probe("GET", everyone(404), path="/unsubscribe/no-such-token"),
        Probe("POST", everyone(404), path="/unsubscribe/no-such-token"),
    ),
    # --- partner API -------------------------------------------------------------------------------------------
    "partner-jobs": probes(
        Probe("GET", partner(other_status=200)),
        Probe("POST", partner(owner_status=201, other_status=201), body={"title": "Tenancy probe"}),
    ),
    "partner-job": probes(
        Probe("GET", partner()),
        Probe("PATCH", partner(), body={"title": "Injected title"}),
    ),
    "partner-job-stats": probes(Probe("GET", partner())),
    "partner-job-publish": probes(Probe("POST", partner(), objects={"job_id": "draft"})),
    "partner-job-pause": probes(Probe("POST", partner())),
    "partner-job-resume": probes(Probe("POST", partner(), objects={"job_id": "paused"})),
    "partner-job-close": probes(Probe("POST", partner())),
    "partner-job-applications": probes(Probe("GET", partner())),
    "partner-locations-search": probes(Probe("GET", partner(other_status=200), query={"q": "Aus"})),
    "partner-application": probes(Probe("GET", partner())),
    "partner-application-view": probes(Probe("POST", partner())),
    "partner-application-accept": probes(Probe("POST", partner())),
    "partner-application-reject": probes(Probe("POST", partner())),
    "partner-webhooks": probes(
        Probe("GET", partner(other_status=200)),
        Probe(
            "POST",
            partner(owner_status=201, other_status=201),
            body={"url": "https://93.184.216.34/tenancy", "events": ["job.status_changed"]},
        ),
    ),
    "partner-webhook": probes(
        Probe("GET", partner()),
        Probe("PATCH", partner(), body={"url": "https://93.184.216.34/injected"}),
        Probe("DELETE", partner(owner_status=204)),
    ),
    "partner-webhook-deliveries": probes(Probe("GET", partner())),
    # --- offers API: its own matrix, except the two session endpoints -----------------------------------------
    # Anyone may log in (here: with the owner's staff credentials, whoever was signed in before).
    "auth-login": probes(
        Probe("POST", everyone(200), body={"email": "staff@owner.example", "password": "pw-owner-123"})
    ),
    "auth-me": probes(Probe("GET", (401, 200, 200, 200))),
    "offers-search": probes(Probe("GET", everyone(200))),
    # Company applications (offers API family): applying and confirming are for anyone; the review is for
    # admins (and god mode), so company staff get 401 like anonymous callers.
    "apply-company": probes(Probe("POST", everyone(422), body={"email": "not-an-email"})),
    "apply-company-confirm": probes(
        Probe("POST", everyone(404), path="/api/apply/company/validate/no-such-token/confirm")
    ),
    "applications-company-search": probes(Probe("GET", (401, 401, 401, 200))),
    "applications-company-approve": probes(
        Probe("POST", (401, 401, 401, 200), body={}, objects={"application_id": "company_application"})
    ),
    "applications-company-reject": probes(
        Probe(
            "POST",
            (401, 401, 401, 200),
            body={"rejectReason": "Not a company that hires."},
            objects={"application_id": "company_application"},
        )
    ),
    "offers-new": OFFERS_API,
    "offers-edit": OFFERS_API,
    "offers-company": OFFERS_API,
    "offers-detail": OFFERS_API,
    "offers-hide": OFFERS_API,
    "offers-disable": OFFERS_API,
    "offers-enable": OFFERS_API,
    "offers-archive": OFFERS_API,
    "company-block": OFFERS_API,
    "company-unblock": OFFERS_API,
    "company-disable": OFFERS_API,
    "company-enable": OFFERS_API,
    "company-max-offers": OFFERS_API,
    # --- admin site: its own pages ------------------------------------------------------------------------------
    # The throttled login (ours, before the admin's URLs) answers everyone; a signed-in superuser is sent on.
    "admin-login": probes(Probe("GET", (200, 200, 200, 302))),
    "login": SHADOWED,
    "index": probes(Probe("GET", admin_only(200))),
    # Logging out is a POST (Django 5): the superuser's GET is refused; anyone else is sent to the admin.
    "logout": probes(Probe("GET", admin_only(405))),
    "password_change": probes(Probe("GET", admin_only(200))),
    "password_change_done": probes(Probe("GET", admin_only(200))),
    # Without the widget's query the autocomplete view refuses even the superuser.
    "autocomplete": probes(Probe("GET", admin_only(403))),
    "jsi18n": probes(Probe("GET", admin_only(200))),
    # The admin's view-on-site shortcut: behind the admin login; an unknown content type is a 404.
    "view_on_site": probes(Probe("GET", admin_only(404), path="/admin/r/999999/1/")),
    "app_list": probes(Probe("GET", admin_only(200), path="/admin/jobs/")),
    "auth_user_password_change": probes(Probe("GET", admin_only(200))),
    # The platform statistics (jobboard/admin_statistics.py): behind the admin login, read-only.
    "admin-platform-statistics": probes(Probe("GET", admin_only(200)), Probe("POST", admin_only(405))),
    "admin-platform-statistics-csv": probes(Probe("GET", admin_only(200)), Probe("POST", admin_only(405))),
}

# The admin's model pages, by model: what the superuser gets on each (the rest are sent to the admin login).
# Read-only records (moderation, applications, charges, sweep runs) and moderated objects (jobs, offers) are
# viewed, never added, edited as a form or deleted through the admin; companies and keys are never deleted.
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
ADMIN_MODELS: dict[str, dict[str, int]] = {
    "auth_group": {"changelist": 200, "add": 200, "change": 200, "history": 200, "delete": 200},
    "auth_user": {"changelist": 200, "add": 200, "change": 200, "history": 200, "delete": 200},
    "companies_membership": {"changelist": 200, "add": 200, "change": 200, "history": 200, "delete": 200},
    "companies_partnerkey": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "companies_moderationrecord": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "companies_company": {"changelist": 200, "add": 200, "change": 200, "history": 200, "delete": 403},
    "companies_companyapplication": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "jobs_job": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "jobs_application": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "jobs_charge": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "offers_offer": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "jobboard_sweeprun": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "jobboard_searchalert": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
    "plumbing_outboxmail": {"changelist": 200, "add": 403, "change": 200, "history": 200, "delete": 403},
}
# Admin model path parameter → TenancyObjects attribute with an object of that model.
ADMIN_OBJECTS = {
    "auth_group": "group",
    "auth_user": "owner_user",
    "companies_membership": "member",
    "companies_partnerkey": "key",
    "companies_moderationrecord": "moderation_record",
    "companies_company": "company",
    "companies_companyapplication": "company_application",
    "jobs_job": "job",
    "jobs_application": "application",
    "jobs_charge": "charge",
    "offers_offer": "offer",
    "jobboard_sweeprun": "sweep_run",
    "jobboard_searchalert": "search_alert",
    "plumbing_outboxmail": "outbox_mail",
}
_ADMIN_NAME = re.compile(r"^(?P<model>[a-z]+_[a-z]+)_(?P<page>" + "|".join(ADMIN_PAGES) + r")$")
# The admin's bare object URL (admin/<app>/<model>/<id>/) only redirects to the change page.
_ADMIN_OBJECT_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$")

UNNAMED_RULES: dict[str, tuple[Probe, ...] | str] = {
    # Any other path under the partner API: authenticated first, then 404 in the envelope.
    "api/external/v1/^.*$": probes(Probe("GET", (401, 404, 404, 401), path="/api/external/v1/no-such-thing")),
    # Any other path under /api/: 404 in the offers envelope, whoever asks.
    "api/^.*$": probes(Probe("GET", everyone(404), path="/api/no-such-thing")),
    # The admin's catch-all: the login for those who may not see the admin, a 404 for the superuser.
    "admin/(?P<url>.*)$": probes(Probe("GET", admin_only(404), path="/admin/no-such-page/")),
}

# Path parameters of the rules above → TenancyObjects attribute.
PARAMETERS = {
    "job_id": "job",
    "application_id": "application",
    "webhook_id": "webhook",
    "offer_id": "offer",
    "company_id": "company",
    "slug": "company_slug",
    "section": "sitemap_section",
    "id": "owner_user",
}


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str

    @property
    def label(self) -> str:
        return self.name or self.route

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"<(?:\w+:)?(\w+)>", self.route))


def all_patterns() -> list[Pattern]:
    """Every URL pattern of the resolver, nested includes walked."""
    return [Pattern(name, route) for name, route in all_routes()]


def rule_for(pattern: Pattern) -> tuple[Probe, ...] | str | None:
    """The pattern's probes or the suite that owns it; None when nothing classifies it (the test names it)."""
    if pattern.name and pattern.name.startswith("dashboard"):
        return DASHBOARD
    if pattern.name in NAMED_RULES:
        return NAMED_RULES[pattern.name]
    if pattern.name is None and pattern.route in UNNAMED_RULES:
        return UNNAMED_RULES[pattern.route]
    admin_page = _ADMIN_NAME.match(pattern.name or "")
    if admin_page and admin_page["model"] in ADMIN_MODELS:
        status = ADMIN_MODELS[admin_page["model"]][admin_page["page"]]
        return probes(Probe("GET", admin_only(status)))
    admin_object = _ADMIN_OBJECT_ROUTE.match(pattern.route) if pattern.name is None else None
    if admin_object and f"{admin_object['app']}_{admin_object['model']}" in ADMIN_MODELS:
        return probes(Probe("GET", admin_only(302)))
    return None


def object_attribute(pattern: Pattern, param: str, probe: Probe) -> str | None:
    if param in probe.objects:
        return probe.objects[param]
    if param == "object_id":
        model = _ADMIN_NAME.match(pattern.name or "")
        route = _ADMIN_OBJECT_ROUTE.match(pattern.route)
        key = model["model"] if model else f"{route['app']}_{route['model']}" if route else None
        return ADMIN_OBJECTS.get(key)
    return PARAMETERS.get(param)
