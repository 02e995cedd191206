"""An unconfirmed alert is deleted after 7 days (the beat's task), and its confirmation link stops working then;
confirmed alerts stay."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jobboard.models import SearchAlert
from jobboard.tasks import purge_unconfirmed_alerts

from .alerts import link_in, subscribe, subscribed

pytestmark = pytest.mark.django_db


def test_unconfirmed_alerts_are_deleted_after_7_days_and_confirmed_ones_stay(
    mailbox, django_capture_on_commit_callbacks, time_machine
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=rust", "bob@alerts.example")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe("q=python", "ada@alerts.example")
    (message,) = mailbox.wait_for(1, to="ada@alerts.example")

    time_machine.move_to(timezone.now() + timedelta(days=6, hours=23))
    assert purge_unconfirmed_alerts() == 0
    time_machine.move_to(timezone.now() + timedelta(hours=1, seconds=1))
    assert Client().get(link_in(message, "/alerts/confirm/")).status_code == 404  # lapsed before the purge ran
    assert purge_unconfirmed_alerts() == 1

    assert list(SearchAlert.objects.values_list("email", flat=True)) == ["bob@alerts.example"]


def test_the_beat_purges_unconfirmed_alerts_hourly():
    from jobboard.celery import app

    entry = app.conf.beat_schedule["purge-unconfirmed-alerts"]
    assert entry["task"] == "jobboard.tasks.purge_unconfirmed_alerts" and entry["schedule"] == 3600.0
    assert app.conf.beat_schedule["send-search-alerts"]["schedule"] == 3600.0
