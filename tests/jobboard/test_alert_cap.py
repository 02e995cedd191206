"""At most 10 confirmed alerts per address: the 11th is refused on the form and deleting one makes room; alerts
someone else started for the address and nobody confirmed never lock its owner out."""

import pytest
from django.http import QueryDict
from django.utils import timezone

from jobboard.models import SearchAlert
from jobboard.services import search_alert_subscribe, search_alert_unsubscribe

from .alerts import subscribe

pytestmark = pytest.mark.django_db

ADA = "ada@alerts.example"


def test_an_eleventh_alert_for_an_address_is_refused_until_one_is_deleted(mailbox):
    for n in range(10):
        search_alert_subscribe(email=ADA, frequency="DAILY", params=QueryDict(f"q=word{n}"), now=timezone.now())
    SearchAlert.objects.update(confirmed_at=timezone.now())

    refused = subscribe("q=word10", "ADA@alerts.example")
    assert refused.status_code == 200 and "already has 10 alerts" in refused.content.decode()
    assert SearchAlert.objects.filter(email=ADA).count() == 10

    search_alert_unsubscribe(alert_id=SearchAlert.objects.filter(email=ADA).first().pk, now=timezone.now())
    assert "Check your email" in subscribe("q=word10", ADA).content.decode()
    assert SearchAlert.objects.filter(email=ADA, unsubscribed_at__isnull=True).count() == 10


def test_ten_unconfirmed_alerts_do_not_stop_the_owner_subscribing(mailbox):
    for n in range(10):
        search_alert_subscribe(email=ADA, frequency="DAILY", params=QueryDict(f"q=junk{n}"), now=timezone.now())

    assert "Check your email" in subscribe("q=python", ADA).content.decode()
    assert SearchAlert.objects.filter(email=ADA).count() == 11
