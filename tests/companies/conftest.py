import pytest

from companies.models import WEBHOOK_EVENT_TYPES
from companies.webhooks.endpoints import webhook_endpoint_create
from tests.receiver import Receiver


@pytest.fixture
def receivers():
    """Starts local webhook receivers (Receiver(statuses, delay)) and always stops them."""
    started = []

    def _start(statuses=(200,), delay: float = 0.0) -> Receiver:
        receiver = Receiver(statuses, delay).start()
        started.append(receiver)
        return receiver

    yield _start
    for receiver in started:
        receiver.stop()


@pytest.fixture
def receiver(receivers):
    return receivers()


@pytest.fixture
def deliver_in_process(settings):
    """Celery runs tasks in this process, as it does without Redis: a committed change is delivered at once.
    (Celery reads its settings from Django's live.) Loopback receivers are allowed, as in local runs."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


@pytest.fixture
def subscribe(owner_company, deliver_in_process):
    """Registers an endpoint of the owner company (every event unless told) and returns (endpoint, secret)."""

    def _subscribe(url: str, events=WEBHOOK_EVENT_TYPES, company=None):
        issued = webhook_endpoint_create(company=company or owner_company, url=url, events=list(events))
        return issued.endpoint, issued.secret

    return _subscribe


# --- Company applications ---------------------------------------------------------------------------------------

APPLICANT_EMAIL = "hello@orchard.example"
APPLICANT_PASSWORD = "orchard-lane-42"


def application_body(**overrides):
    body = {
        "email": APPLICANT_EMAIL,
        "password": APPLICANT_PASSWORD,
        "companyName": "Orchard Bikes",
        "motivation": "We repair bicycles in three cities and hire mechanics every season.",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.fixture
def reviewer(db):
    """A platform admin (superuser) who reviews applications, and is mailed about each one."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="root@board.example", email="root@board.example", password="pw-admin-123"
    )


@pytest.fixture
def reviewer_api(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client
