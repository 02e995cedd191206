"""An endpoint switched off after three days of failures tells the company's staff which endpoint and how to switch
it back on, once, through a real SMTP server; another company's staff hear nothing."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone

from companies.webhooks.delivery import webhook_deliver
from companies.webhooks.outbox import webhook_event_record
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


def fail_for_three_days(company, start, commit_callbacks):
    """An event a day or two apart, each delivered (and refused) as it is recorded, in the clock's own time."""
    for offset in (timedelta(0), timedelta(days=2), timedelta(days=3, minutes=1)):
        with time_machine.travel(start + offset, tick=False), commit_callbacks(execute=True):
            event = webhook_event_record(company_id=company.pk, type="offer.hidden", data={}, now=timezone.now())
            if event is not None:
                webhook_deliver(delivery_id=event.deliveries.get().pk)


def test_switching_an_endpoint_off_mails_the_companys_staff_the_endpoint_and_how_to_switch_it_on(
    owner_company, owner_staff, rival_staff, receivers, subscribe, mailbox, django_capture_on_commit_callbacks
):
    receiver = receivers(statuses=(500,))
    endpoint, _ = subscribe(receiver.url)

    fail_for_three_days(owner_company, timezone.now(), django_capture_on_commit_callbacks)

    (message,) = mailbox.messages
    assert message["To"] == "staff@owner.example"
    assert message["Subject"] == f"Webhook endpoint switched off: {urlsplit(endpoint.url).hostname}"
    text = text_of(message)
    assert endpoint.url in text and "HTTP 500" in text and "Switch it back on" in text
    assert f"http://testserver/dashboard/keys/webhooks/{endpoint.pk}/" in text
    assert unsubscribe_path(message) is not None


def test_failures_after_the_endpoint_is_off_send_no_second_mail(
    owner_company, owner_staff, receivers, subscribe, mailbox, django_capture_on_commit_callbacks
):
    receiver = receivers(statuses=(500,))
    subscribe(receiver.url)
    start = timezone.now()
    fail_for_three_days(owner_company, start, django_capture_on_commit_callbacks)
    fail_for_three_days(owner_company, start + timedelta(days=4), django_capture_on_commit_callbacks)
    assert len(mailbox.messages) == 1
