"""Clients and builders shared by the test suites (fixtures live in the conftest files)."""

import json
import threading
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from plumbing.times import iso_z


def logged_in_client(user) -> Client:
    """A browser session of `user`, signed in without the login form."""
    client = Client()
    client.force_login(user)
    return client


def run_in_parallel(calls):
    """Runs each call in its own thread (own database connection), released together; returns results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class PartnerClient:
    """A partner's HTTP client: JSON in, JSON out, bearer key attached."""

    def __init__(self, raw_key: str | None):
        self.client = Client()
        self.raw_key = raw_key

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw_key}"} if self.raw_key else {}

    def request(self, method: str, path: str, body=None, raw: str | None = None, headers=None, **params):
        """`headers`: extra request headers by their HTTP name (`{"Idempotency-Key": "k1"}`)."""
        url = "/api/external/v1" + path
        call = getattr(self.client, method.lower())
        if method in ("GET", "DELETE") and body is None and raw is None:
            return call(url, params, headers=headers, **self._headers())
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return call(url, data=data, content_type="application/json", headers=headers, **self._headers())

    def get(self, path, **params):
        return self.request("GET", path, **params)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


# As long as settings require (GOD_TOKEN_MIN_LENGTH), so the tests run with a token the app would start with.
GOD_TOKEN = "test-god-token-0123456789abcdefghij"
PASSWORD = "pw-123456789"


class OffersClient:
    """Calls /api/… as one actor: a logged-in session, god mode, or nobody."""

    def __init__(self, *, email=None, god=False, csrf=False):
        self.client = Client(enforce_csrf_checks=csrf)
        self.god = god
        if email:
            response = self.client.post(
                "/api/auth/login", json.dumps({"email": email, "password": PASSWORD}), content_type="application/json"
            )
            assert response.status_code == 200, response.content

    def call(self, method, path, body=None, **query):
        headers = {}
        if self.god:
            # As the contract passes it: in the body of a write; in the X-God-Token header of a read (never the URL).
            if method == "get":
                headers["X-God-Token"] = GOD_TOKEN
            else:
                body = {**(body or {}), "god_token": GOD_TOKEN}
        url = "/api" + path
        if method == "get":
            return self.client.get(url, query, headers=headers)
        return getattr(self.client, method)(url, json.dumps(body or {}), content_type="application/json")

    def get(self, path, **query):
        return self.call("get", path, **query)

    def post(self, path, body=None):
        return self.call("post", path, body)

    def put(self, path, body=None):
        return self.call("put", path, body)


def offer_body(**overrides):
    now = timezone.now()
    body = {
        "title": "Backend Intern",
        "publishDate": iso_z(now + timedelta(minutes=5)),
        "publishEndDate": iso_z(now + timedelta(days=60)),
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


# The partner API's job lifecycle and location search, as the OpenAPI schema names them.
PARTNER_JOB_API_PATHS = (
    "/api/external/v1/jobs",
    "/api/external/v1/jobs/{job_id}",
    "/api/external/v1/jobs/{job_id}/publish",
    "/api/external/v1/jobs/{job_id}/pause",
    "/api/external/v1/jobs/{job_id}/resume",
    "/api/external/v1/jobs/{job_id}/close",
    "/api/external/v1/locations/search",
)

# Every path of the offers API contract (offers-api.md), as the served OpenAPI schema names them.
OFFERS_API_PATHS = (
    "/api/offers",
    "/api/offers/new",
    "/api/offers/edit/{offer_id}",
    "/api/offers/{offer_id}",
    "/api/offers/{offer_id}/hide",
    "/api/offers/{offer_id}/disable",
    "/api/offers/{offer_id}/enable",
    "/api/offers/{offer_id}/archive",
    "/api/offers/company/{company_id}",
    "/api/company/{company_id}/block",
    "/api/company/{company_id}/unblock",
    "/api/company/{company_id}/disable",
    "/api/company/{company_id}/enable",
    "/api/company/{company_id}/hasReachedMaxConcurrentOffersBetweenDates",
    "/api/auth/login",
    "/api/auth/me",
)


# A person's browser and a search engine's crawler, as their User-Agent headers read.
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
OTHER_BROWSER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0"
CRAWLER_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def flushed_day_totals(model, **posting) -> dict:
    """Sends what this process's pages queued to Redis, flushes the counters into the daily tables, then sums the
    posting's counters over its days."""
    from django.db.models import Sum
    from django.utils import timezone

    from plumbing.count_sender import counts_sent
    from plumbing.counting import counts_flush

    assert counts_sent(timeout=10), "the counts queued by the pages never reached Redis"
    counts_flush(now=timezone.now())
    names = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "day") and not f.is_relation]
    sums = model.objects.filter(**posting).aggregate(**{name: Sum(name) for name in names})
    return {name: value or 0 for name, value in sums.items()}


def dead_redis(settings) -> None:
    """Points counting and the cache at an address where no Redis listens, as when Redis is down."""
    url = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
