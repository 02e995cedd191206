import pytest
import redis
from celery._state import _set_task_join_will_block
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from companies import login_throttle
from companies.services import company_create, company_user_create, partner_key_issue
from jobs.locations_data import load_locations
from jobs.models import Location
from plumbing.ratelimit import get_limiter
from tests.helpers import PartnerClient, logged_in_client
from tests.mailbox import Mailbox
from tests.receiver import Receiver


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Links in mail name the address the test client serves."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    get_limiter().reset()
    _clear_login_throttle()
    yield


def _clear_login_throttle():
    """Failed-login counts live in the shared cache for the whole run: without this, one test's failures (or a
    fuzzer's) would lock later tests out of logging in from 127.0.0.1."""
    if django_settings.REDIS_URL:
        client = redis.Redis.from_url(django_settings.REDIS_URL)
        for name in client.scan_iter(f"*{login_throttle.KEY_PREFIX}:*"):
            client.delete(name)
    else:
        cache.clear()


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


@pytest.fixture
def staff(owner_staff):
    """A browser session of the owner company's staff member, for dashboard pages."""
    return logged_in_client(owner_staff)


@pytest.fixture
def rival_staff(other_company):
    user = company_user_create(email="staff@other.example", password="pw-other-123", company=other_company)
    return logged_in_client(user)


@pytest.fixture
def outsider(db):
    """Logged in, but a member of no company."""
    user = get_user_model().objects.create_user(username="nobody@x.example", email="nobody@x.example", password="pw-1")
    return logged_in_client(user)


@pytest.fixture
def receiver():
    """A webhook receiver on 127.0.0.1 that answers 200 and records what it gets."""
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(autouse=True)
def celery_join_flag_cleared():
    """Celery keeps "inside a task" in one process-global flag, which an eager task sets and then restores. Two
    threads running eager tasks at once (the parallel-request tests) can restore it out of order and leave it
    set, and every later result.get() in this process refuses ("Never call result.get() within a task"): each
    test starts with it clear, as a fresh process would."""
    _set_task_join_will_block(False)


@pytest.fixture
def mailbox(settings):
    """Mail goes through SMTP to a real server on 127.0.0.1, sent in this process as without Redis."""
    box = Mailbox().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield box
    box.stop()


@pytest.fixture
def counting(settings):
    """Counting as with Redis (the run's own): no counters or repeat marks left from other tests, before or after."""
    from plumbing import counting as counting_module
    from plumbing.count_sender import counts_sent

    if not settings.REDIS_URL:
        pytest.skip("needs Redis (bin/with-services)")

    def _clear():
        # Counts a page queued are sent first, so that none lands after the clearing.
        counts_sent(timeout=10)
        client = redis.Redis.from_url(settings.REDIS_URL)
        for pattern in ("counts:*", "*counting:seen:*"):
            for name in client.scan_iter(pattern):
                client.delete(name)

    _clear()
    yield counting_module
    _clear()
