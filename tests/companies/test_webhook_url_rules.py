"""Endpoint URL rules where the partner API is not the caller: the dashboard form answers a malformed URL with a
field error (not a 500), and a delivery refused for where the URL now points or for its port records a reason
that names neither the address the host resolved to nor anything else of our network."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import WebhookEndpoint
from companies.validators import WEBHOOK_ADDRESS_REFUSAL
from companies.webhooks import transport as webhooks
from companies.webhooks.delivery import webhook_deliver
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db

ADD = reverse("dashboard-webhook-add")


@pytest.mark.parametrize("url", ["http://[::1", "http://[evil.com]/"])
def test_the_dashboard_form_answers_a_malformed_host_with_an_error_beside_the_url(staff, url):
    response = staff.post(ADD, {"url": url, "events": ["offer.hidden"]})
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'id="field-url".*?<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
    assert errors and "The host in the URL is not valid" in errors.group(1)
    assert not WebhookEndpoint.objects.exists()


def test_a_delivery_refused_for_a_private_address_names_no_address_even_when_it_switches_the_endpoint_off(
    owner_company, receiver, subscribe, settings
):
    endpoint, _ = subscribe(receiver.url)
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    now = timezone.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=now - timedelta(days=3, minutes=1))
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={}, now=now)
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk, now=now)

    assert delivery.last_error == WEBHOOK_ADDRESS_REFUSAL
    endpoint.refresh_from_db()
    assert not endpoint.is_active and WEBHOOK_ADDRESS_REFUSAL in endpoint.disabled_reason
    assert "127.0.0.1" not in endpoint.disabled_reason and "loopback address (" not in endpoint.disabled_reason
    assert receiver.requests == []


def test_a_delivery_to_a_public_host_on_another_port_is_not_attempted(
    owner_company, receiver, subscribe, settings, monkeypatch
):
    endpoint, _ = subscribe(receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="http://hooks.partner.example:6379/hooks")
    connections = []

    def resolve_to_a_public_address(host, port):
        return ["93.184.216.34"]

    def connect(address, *args, **kwargs):
        connections.append(address)
        raise ConnectionRefusedError()

    monkeypatch.setattr(webhooks, "_resolve", resolve_to_a_public_address)
    monkeypatch.setattr(webhooks.socket, "create_connection", connect)
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)

    assert (delivery.status, delivery.last_status_code) == ("PENDING", None)
    assert "port 80, 443 or 8443 only" in delivery.last_error
    assert connections == []
