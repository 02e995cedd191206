"""Redis stops (and hangs) while gunicorn serves: the APIs keep answering, with the rate limit and the login
throttle failing open, /healthz says 503 naming Redis, and all of it recovers when Redis returns, with no restart.

The app runs against a private redis-server that the test kills and starts again; PostgreSQL is the run's own."""

from collections import Counter

import pytest

from companies.services import company_user_create, partner_key_issue
from companies.webhooks.endpoints import webhook_endpoint_create

from .conftest import fetch, serve

pytestmark = pytest.mark.django_db(transaction=True)

RATE_LIMIT = 5
PASSWORD = "outage-password-123"


@pytest.fixture
def partner(settings, owner_company):
    # The served app checks passwords with the production hashers, not the suite's fast MD5 one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    company_user_create(email="staff@outage.example", password=PASSWORD, company=owner_company)
    # A subscriber, so a publish during the outage also tries (and fails) to hand a delivery to the broker.
    webhook_endpoint_create(company=owner_company, url="http://127.0.0.1:9/hook", events=["job.status_changed"])
    return {"Authorization": f"Bearer {partner_key_issue(company=owner_company).raw}"}


def login(port: int, password: str):
    return fetch(port, "/api/auth/login", "POST", {"email": "staff@outage.example", "password": password})


def test_the_apis_answer_while_redis_is_down_and_healthz_recovers_with_it(
    private_redis, children, partner, complete_job_body
):
    limit = str(RATE_LIMIT)
    port = serve(children, "faults-redis.log", REDIS_URL=private_redis.url, PARTNER_RATE_LIMIT_PER_MINUTE=limit)
    healthy = fetch(port, "/healthz")
    assert healthy.status == 200 and healthy.json()["redis"] == "ok"

    private_redis.stop()
    during = Counter()

    def seen(answer):
        during[answer.status] += 1
        assert "Traceback" not in answer.text
        return answer

    health = seen(fetch(port, "/healthz"))
    assert health.status == 503
    assert (health.json()["database"], health.json()["redis"]) == ("ok", "error")
    # Fails open: more requests than the key's budget, every one served.
    lists = [seen(fetch(port, "/api/external/v1/jobs", headers=partner)) for _ in range(RATE_LIMIT + 2)]
    assert [answer.status for answer in lists] == [200] * (RATE_LIMIT + 2)
    created = seen(fetch(port, "/api/external/v1/jobs", "POST", complete_job_body, headers=partner))
    assert created.status == 201, created.text
    published = seen(fetch(port, f"/api/external/v1/jobs/{created.json()['id']}/publish", "POST", headers=partner))
    assert published.status == 200 and published.json()["status"] == "ACTIVE"
    # The login throttle fails open too: a wrong password is refused as usual, the right one logs in.
    wrong = seen(login(port, "not-the-password"))
    assert wrong.status == 401 and wrong.json()["errors"][0]["msg"] == "invalid-credentials"
    assert seen(login(port, PASSWORD)).status == 200
    assert seen(fetch(port, "/")).status == 200
    assert during == {200: RATE_LIMIT + 2 + 3, 201: 1, 401: 1, 503: 1}

    private_redis.start()
    recovered = fetch(port, "/healthz")
    assert recovered.status == 200 and recovered.json()["redis"] == "ok"
    # The limiter counts again, in the new (empty) Redis.
    statuses = [fetch(port, "/api/external/v1/jobs", headers=partner).status for _ in range(RATE_LIMIT + 1)]
    assert statuses == [200] * RATE_LIMIT + [429]


def test_a_hung_redis_delays_requests_by_its_socket_timeouts_only(private_redis, children, partner, complete_job_body):
    port = serve(children, "faults-redis-hung-gunicorn.log", REDIS_URL=private_redis.url)
    draft = fetch(port, "/api/external/v1/jobs", "POST", complete_job_body, headers=partner).json()
    private_redis.freeze()
    try:
        # Each request would otherwise wait forever on a connection that never answers (fetch gives up at 30 s).
        health = fetch(port, "/healthz")
        listed = fetch(port, "/api/external/v1/jobs", headers=partner)
        published = fetch(port, f"/api/external/v1/jobs/{draft['id']}/publish", "POST", headers=partner)
        logged_in = login(port, PASSWORD)
    finally:
        private_redis.thaw()
    assert health.status == 503 and health.json()["redis"] == "error"
    assert listed.status == 200
    assert published.status == 200, published.text
    assert logged_in.status == 200
    assert fetch(port, "/healthz").status == 200
