import pytest

from companies.services import partner_key_issue
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db


def test_the_61st_request_in_a_minute_is_refused(owner_api):
    statuses = [owner_api.get("/jobs").status_code for _ in range(60)]
    assert statuses == [200] * 60
    response = owner_api.get("/jobs")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "RATE_LIMITED"
    assert 1 <= error["retryAfterSeconds"] <= 60
    assert response["Retry-After"] == str(error["retryAfterSeconds"])


def test_errors_count_too_and_each_key_has_its_own_budget(owner_api, owner_company):
    for _ in range(60):
        owner_api.get("/nowhere")
    assert owner_api.get("/jobs").status_code == 429
    fresh = PartnerClient(partner_key_issue(company=owner_company).raw)
    assert fresh.get("/jobs").status_code == 200


def test_operators_can_tune_the_limit(owner_api, settings):
    settings.PARTNER_RATE_LIMIT_PER_MINUTE = 3
    assert [owner_api.get("/jobs").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_without_redis_the_limit_is_kept_in_process_memory(owner_api, settings):
    from plumbing.ratelimit import MemoryLimiter, get_limiter

    settings.REDIS_URL = ""
    settings.PARTNER_RATE_LIMIT_PER_MINUTE = 2
    assert isinstance(get_limiter(), MemoryLimiter)
    get_limiter().reset()
    statuses = [owner_api.get("/jobs").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
