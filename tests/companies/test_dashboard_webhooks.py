"""Webhooks on the dashboard's partner page: add an endpoint (secret shown once), see endpoints with their
status (a switched-off one with its reason, prominently), each endpoint's last 20 deliveries, send a delivery
again, switch an endpoint back on, remove it."""

import re

import pytest
from django.urls import reverse

from companies.models import WebhookDelivery, WebhookEndpoint
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db

KEYS = reverse("dashboard-keys")
ADD = reverse("dashboard-webhook-add")
PUBLIC_URL = "https://93.184.216.34/hooks"


def page(url):
    return reverse("dashboard-webhook", args=[url.pk])


def test_the_partner_page_has_a_webhooks_section_with_an_add_form(staff):
    html = staff.get(KEYS).content.decode()
    assert '<h2 id="webhooks-h">Webhooks</h2>' in html
    assert f'action="{ADD}"' in html and 'name="url"' in html
    for event in ("application.created", "job.status_changed", "job.budget_exhausted", "offer.hidden"):
        assert f'value="{event}"' in html
    assert "No webhook endpoints yet." in html


def test_adding_an_endpoint_shows_its_secret_once_and_lists_it(staff, owner_company):
    response = staff.post(ADD, {"url": PUBLIC_URL, "events": ["application.created", "offer.hidden"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r'<code class="key" id="new-key">(whsec_[^<]+)</code>', html).group(1)
    endpoint = WebhookEndpoint.objects.get(company=owner_company)
    assert endpoint.secret == secret and endpoint.events == ["application.created", "offer.hidden"]

    listing = staff.get(KEYS).content.decode()
    assert PUBLIC_URL in listing and '<span class="badge good">on</span>' in listing
    assert secret not in listing and secret not in staff.get(page(endpoint)).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": PUBLIC_URL}, "events", "Choose at least one event."),
        ({"url": PUBLIC_URL, "events": ["job.deleted"]}, "events", "not one of the available choices"),
        ({"url": "ftp://93.184.216.34/x", "events": ["offer.hidden"]}, "url", "must start with https://"),
        ({"url": "http://127.0.0.1:8000/hooks", "events": ["offer.hidden"]}, "url", "loopback address"),
        ({"url": "http://10.0.0.7/hooks", "events": ["offer.hidden"]}, "url", "private address"),
    ],
)
def test_refused_endpoints_show_the_reason_beside_the_field(staff, owner_company, data, field, message):
    response = staff.post(ADD, data)
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'id="field-{field}".*?<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    assert not WebhookEndpoint.objects.exists()


def test_a_switched_off_endpoint_is_announced_with_its_reason_and_can_be_switched_on(staff, owner_company):
    endpoint = WebhookEndpoint.objects.create(
        company=owner_company,
        url=PUBLIC_URL,
        events=["offer.hidden"],
        secret="whsec_x",
        is_active=False,
        disabled_reason="Switched off on 2026-01-04: no delivery has succeeded since 2026-01-01.",
    )
    listing = staff.get(KEYS).content.decode()
    alert = re.search(r'<div class="notice bad" role="alert">(.*?)</div>', listing, re.S).group(1)
    assert "switched off" in alert and "no delivery has succeeded since 2026-01-01" in alert

    detail = staff.get(page(endpoint)).content.decode()
    assert "This endpoint is switched off" in detail and "Send again" not in detail
    response = staff.post(reverse("dashboard-webhook-enable", args=[endpoint.pk]))
    assert response.status_code == 302 and response["Location"] == page(endpoint)
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.disabled_reason is None
    assert 'role="alert"' not in staff.get(KEYS).content.decode()


def test_the_delivery_log_shows_the_last_twenty_newest_first(staff, owner_company):
    endpoint = WebhookEndpoint.objects.create(
        company=owner_company, url=PUBLIC_URL, events=["offer.hidden"], secret="whsec_x"
    )
    events = [webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"n": i}) for i in range(25)]
    WebhookDelivery.objects.filter(event=events[-1]).update(
        status="FAILED", attempts=9, last_status_code=503, last_attempt_at=events[-1].created_at, next_attempt_at=None
    )
    html = staff.get(page(endpoint)).content.decode()
    shown = re.findall(r"<td><code>(evt_[0-9a-f]+)</code>", html)
    assert shown == [e.pk for e in reversed(events)][:20]
    first_row = html[html.index(events[-1].pk) :].split("</tr>")[0]
    assert "failed" in first_row and '<td data-label="Attempts">9</td>' in first_row and "HTTP 503" in first_row
    assert html.count("Send again") == 20


@pytest.mark.django_db(transaction=True)
def test_send_again_delivers_the_event_at_once(staff, owner_company, receiver, deliver_in_process):
    endpoint = WebhookEndpoint.objects.create(
        company=owner_company, url=receiver.url, events=["offer.hidden"], secret="whsec_x"
    )
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"offerId": "3"})
    delivery = WebhookDelivery.objects.get(event=event)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="FAILED", attempts=12, next_attempt_at=None)

    response = staff.post(reverse("dashboard-webhook-resend", args=[endpoint.pk, delivery.pk]), follow=True)
    assert f"Event {event.pk} was sent again and accepted." in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("SUCCEEDED", 1, 200)
    # Sent when recorded (committed at once here), then again on request.
    assert [r.json["id"] for r in receiver.wait_for(2)] == [event.pk, event.pk]


def test_removing_an_endpoint_deletes_it_and_its_log(staff, owner_company):
    endpoint = WebhookEndpoint.objects.create(
        company=owner_company, url=PUBLIC_URL, events=["offer.hidden"], secret="whsec_x"
    )
    webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    response = staff.post(reverse("dashboard-webhook-remove", args=[endpoint.pk]), follow=True)
    assert "removed" in response.content.decode()
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()


def test_the_add_form_is_replaced_by_a_note_at_the_endpoint_limit(staff, owner_company):
    WebhookEndpoint.objects.bulk_create(
        WebhookEndpoint(company=owner_company, url=f"{PUBLIC_URL}/{i}", events=["offer.hidden"], secret="s")
        for i in range(10)
    )
    html = staff.get(KEYS).content.decode()
    assert "the most a company can have" in html and f'action="{ADD}"' not in html


def test_the_overview_tells_the_company_an_endpoint_was_switched_off(staff, owner_company):
    WebhookEndpoint.objects.create(company=owner_company, url=PUBLIC_URL, events=["offer.hidden"], secret="s")
    paused = WebhookEndpoint.objects.create(
        company=owner_company, url=f"{PUBLIC_URL}/paused", events=["offer.hidden"], secret="s", is_active=False
    )
    assert "webhook endpoint was switched off" not in staff.get(reverse("dashboard")).content.decode()
    failing = WebhookEndpoint.objects.create(
        company=owner_company,
        url=f"{PUBLIC_URL}/failing",
        events=["offer.hidden"],
        secret="s",
        is_active=False,
        disabled_reason="No delivery has succeeded for 3 days.",
    )
    html = staff.get(reverse("dashboard")).content.decode()
    assert "A webhook endpoint was switched off" in html and "No delivery has succeeded for 3 days." in html
    assert page(failing) in html and page(paused) not in html
