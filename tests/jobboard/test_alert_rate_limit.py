"""Alert sign-ups are limited per network and per address (each mails a confirmation), and fail open when the
limiter cannot be reached."""

import pytest

from jobboard.alert_views import SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP
from jobboard.models import SearchAlert

from .alerts import subscribe

pytestmark = pytest.mark.django_db


def test_one_address_gets_at_most_5_sign_ups_an_hour_then_429(mailbox):
    for n in range(SUBSCRIBE_PER_ADDRESS):
        subscribe(f"q=word{n}", "ada@alerts.example", REMOTE_ADDR=f"10.0.0.{n}")
    refused = subscribe("q=more", "ada@alerts.example", REMOTE_ADDR="10.0.1.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert SearchAlert.objects.count() == SUBSCRIBE_PER_ADDRESS


def test_one_network_gets_at_most_20_sign_ups_an_hour_then_429(mailbox):
    for n in range(SUBSCRIBE_PER_IP):
        subscribe("q=python", f"person{n}@alerts.example", REMOTE_ADDR="10.9.9.9")
    assert subscribe("q=python", "one-more@alerts.example", REMOTE_ADDR="10.9.9.9").status_code == 429
    assert subscribe("q=python", "one-more@alerts.example", REMOTE_ADDR="10.9.9.8").status_code == 200


def test_sign_ups_are_not_limited_when_the_limiter_cannot_be_reached(mailbox, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    for n in range(SUBSCRIBE_PER_ADDRESS + 1):
        assert subscribe(f"q=word{n}", "ada@alerts.example").status_code == 200
    assert SearchAlert.objects.count() == SUBSCRIBE_PER_ADDRESS + 1
