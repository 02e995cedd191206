"""Partner API webhooks: endpoints created (secret shown once), listed, read, changed and removed; refusals
with fields for unknown events, non-http URLs and private addresses; 404 across companies; the delivery log
newest first in cursor pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import WebhookDelivery, WebhookEndpoint
from companies.validators import WEBHOOK_ADDRESS_REFUSAL
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.216.34/hooks/jobboard"  # a literal public address: no DNS needed
LOCAL_URL = "http://127.0.0.1:8999/hooks"


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


def create(api, url=PUBLIC_URL, events=("application.created", "job.status_changed")):
    return api.post("/webhooks", {"url": url, "events": list(events)})


def test_creating_an_endpoint_answers_201_with_its_secret_once(owner_api):
    response = create(owner_api)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"] == PUBLIC_URL and body["events"] == ["application.created", "job.status_changed"]
    assert body["isActive"] is True and body["disabledReason"] is None and body["createdAt"].endswith("Z")
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    assert WebhookEndpoint.objects.get(pk=body["id"]).secret == body["secret"]

    listed = owner_api.get("/webhooks").json()["data"]
    read = owner_api.get(f"/webhooks/{body['id']}").json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert "secret" not in listed[0] and "secret" not in read
    assert read == {k: v for k, v in body.items() if k != "secret"}


def test_events_are_stored_once_each_in_a_fixed_order(owner_api):
    body = create(owner_api, events=["offer.hidden", "application.created", "offer.hidden"]).json()
    assert body["events"] == ["application.created", "offer.hidden"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": PUBLIC_URL, "events": ["job.deleted"]}, "events[0]"),
        ({"url": PUBLIC_URL, "events": ["application.created", "nope"]}, "events[1]"),
        ({"url": PUBLIC_URL, "events": []}, "events"),
        ({"url": PUBLIC_URL, "events": "application.created"}, "events"),
        ({"url": PUBLIC_URL}, "events"),
        ({"url": "ftp://93.184.216.34/x", "events": ["offer.hidden"]}, "url"),
        ({"url": "93.184.216.34/hooks", "events": ["offer.hidden"]}, "url"),
        ({"url": "https://", "events": ["offer.hidden"]}, "url"),
        ({"url": "https://user:pw@93.184.216.34/", "events": ["offer.hidden"]}, "url"),
        ({"url": "https://93.184.216.34:99999/", "events": ["offer.hidden"]}, "url"),
        ({"url": "https://93.184.216.34/a b", "events": ["offer.hidden"]}, "url"),
        ({"url": 42, "events": ["offer.hidden"]}, "url"),
        ({"url": "http://[::1", "events": ["offer.hidden"]}, "url"),
        ({"url": "http://[evil.com]/", "events": ["offer.hidden"]}, "url"),
        ({"events": ["offer.hidden"]}, "url"),
    ],
)
def test_invalid_endpoints_are_refused_with_the_field(owner_api, payload, field):
    response = owner_api.post("/webhooks", payload)
    assert response.status_code == 422, response.json()
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_FAILED" and field in error["fields"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://10.1.2.3/hooks",
        "http://192.168.0.10/hooks",
        "http://172.16.5.4/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hooks",
        "http://[fe80::1]/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://0.0.0.0/hooks",
        "http://224.0.0.1/hooks",
        "http://100.64.0.1/hooks",
        "http://[fec0::1]/hooks",  # site-local
        "http://[2002:7f00:1::1]/hooks",  # 6to4 to 127.0.0.1
        "http://[2002:a00:1::1]/hooks",  # 6to4 to 10.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hooks",  # Teredo to 10.0.0.1
    ],
)
def test_urls_resolving_to_private_addresses_are_refused_without_naming_the_address(owner_api, url):
    response = create(owner_api, url=url)
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["url"] == WEBHOOK_ADDRESS_REFUSAL
    assert not WebhookEndpoint.objects.exists()


def test_a_6to4_address_of_a_public_ipv4_address_is_accepted(owner_api):
    response = create(owner_api, url="http://[2002:5db8:d822::1]/hooks")  # 6to4 to 93.184.216.34
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("port", [80, 443, 8443])
def test_ports_80_443_and_8443_are_accepted(owner_api, port):
    response = create(owner_api, url=f"https://93.184.216.34:{port}/hooks")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("port", [22, 6379, 8080, 9443])
def test_other_ports_are_refused_so_endpoints_cannot_probe_a_hosts_ports(owner_api, port):
    response = create(owner_api, url=f"https://93.184.216.34:{port}/hooks")
    assert response.status_code == 422
    assert "port 80, 443 or 8443 only" in response.json()["error"]["fields"]["url"]
    assert not WebhookEndpoint.objects.exists()


def test_a_host_that_does_not_resolve_is_refused(owner_api):
    response = create(owner_api, url="https://no-such-host.invalid/hooks")
    assert response.status_code == 422
    assert "could not be resolved" in response.json()["error"]["fields"]["url"]


def test_private_urls_on_any_port_are_accepted_when_the_setting_allows_them(owner_api, allow_private):
    response = create(owner_api, url=LOCAL_URL)
    assert response.status_code == 201 and response.json()["url"] == LOCAL_URL


def test_patch_changes_url_events_and_active_and_leaves_the_rest(owner_api):
    endpoint = create(owner_api).json()
    path = f"/webhooks/{endpoint['id']}"
    response = owner_api.patch(path, {"events": ["offer.hidden"]})
    assert response.status_code == 200
    assert response.json()["events"] == ["offer.hidden"] and response.json()["url"] == PUBLIC_URL
    response = owner_api.patch(path, {"url": "https://93.184.216.35/new", "isActive": False})
    assert response.json()["url"] == "https://93.184.216.35/new" and response.json()["isActive"] is False
    assert owner_api.patch(path, {}).json() == response.json()
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).secret == endpoint["secret"]  # the secret stays


def test_patch_refuses_bad_values_and_changes_nothing(owner_api):
    endpoint = create(owner_api).json()
    path = f"/webhooks/{endpoint['id']}"
    for body, field in [
        ({"events": ["nope"]}, "events[0]"),
        ({"url": "http://127.0.0.1/x"}, "url"),
        ({"url": "http://[::1"}, "url"),
        ({"url": "http://[evil.com]/"}, "url"),
        ({"url": "https://93.184.216.34:8080/x"}, "url"),
        ({"isActive": "yes"}, "isActive"),
        ({"events": []}, "events"),
    ]:
        response = owner_api.patch(path, body)
        assert response.status_code == 422 and field in response.json()["error"]["fields"], body
    assert owner_api.get(path).json() == {k: v for k, v in endpoint.items() if k != "secret"}


def test_switching_a_disabled_endpoint_back_on_clears_its_reason(owner_api, owner_company):
    endpoint = create(owner_api).json()
    WebhookEndpoint.objects.filter(pk=endpoint["id"]).update(
        is_active=False, disabled_reason="Switched off: failing", failing_since=timezone.now() - timedelta(days=3)
    )
    shown = owner_api.get(f"/webhooks/{endpoint['id']}").json()
    assert shown["isActive"] is False and shown["disabledReason"] == "Switched off: failing"
    response = owner_api.patch(f"/webhooks/{endpoint['id']}", {"isActive": True})
    assert response.json()["isActive"] is True and response.json()["disabledReason"] is None
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).failing_since is None


def test_delete_answers_204_and_the_endpoint_is_gone(owner_api):
    endpoint = create(owner_api).json()
    response = owner_api.delete(f"/webhooks/{endpoint['id']}")
    assert response.status_code == 204 and response.content == b""
    assert owner_api.get(f"/webhooks/{endpoint['id']}").status_code == 404
    assert owner_api.get("/webhooks").json() == {"data": []}


def test_another_companys_endpoint_is_404_for_every_method(owner_api, other_api):
    endpoint = create(owner_api).json()
    path = f"/webhooks/{endpoint['id']}"
    for response in (
        other_api.get(path),
        other_api.patch(path, {"isActive": False}),
        other_api.delete(path),
        other_api.get(f"{path}/deliveries"),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert other_api.get("/webhooks").json() == {"data": []}
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).is_active


@pytest.mark.parametrize("webhook_id", ["abc", "0", "-1", "99999999999999999999999", "1.5", "١"])
def test_malformed_ids_are_404(owner_api, webhook_id):
    assert owner_api.get(f"/webhooks/{webhook_id}").status_code == 404


def test_webhooks_need_a_key(anonymous_api):
    assert anonymous_api.get("/webhooks").status_code == 401
    assert anonymous_api.post("/webhooks", {"url": PUBLIC_URL, "events": ["offer.hidden"]}).status_code == 401


def test_a_company_may_have_at_most_ten_endpoints(owner_api):
    for i in range(10):
        assert create(owner_api, url=f"https://93.184.216.34/{i}").status_code == 201
    response = create(owner_api)
    assert response.status_code == 422 and "at most 10" in response.json()["error"]["fields"]["url"]


def test_deliveries_are_listed_newest_first_in_cursor_pages(owner_api, owner_company):
    endpoint = create(owner_api, events=["offer.hidden"]).json()
    start = timezone.now()
    events = [
        webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"n": i}, now=start)
        for i in range(5)
    ]
    WebhookDelivery.objects.filter(event=events[0]).update(
        status="FAILED", attempts=7, last_status_code=500, last_attempt_at=start, next_attempt_at=None
    )
    path = f"/webhooks/{endpoint['id']}/deliveries"
    first = owner_api.get(path, limit=3).json()
    second = owner_api.get(path, limit=3, cursor=first["nextCursor"]).json()
    assert [d["eventId"] for d in first["data"] + second["data"]] == [e.pk for e in reversed(events)]
    assert second["nextCursor"] is None
    oldest = second["data"][-1]
    assert oldest == {
        "id": oldest["id"],
        "eventId": events[0].pk,
        "type": "offer.hidden",
        "status": "FAILED",
        "attempts": 7,
        "lastStatusCode": 500,
        "lastAttemptAt": start.isoformat().replace("+00:00", "Z"),
        "nextAttemptAt": None,
    }
    assert first["data"][0]["status"] == "PENDING" and first["data"][0]["attempts"] == 0


@pytest.mark.parametrize("params", [{"cursor": "garbage"}, {"limit": 0}, {"limit": 101}, {"cursor": "WyJ4Il0"}])
def test_bad_delivery_paging_is_422(owner_api, params):
    endpoint = create(owner_api).json()
    response = owner_api.get(f"/webhooks/{endpoint['id']}/deliveries", **params)
    assert response.status_code == 422 and response.json()["error"]["code"] == "VALIDATION_FAILED"


def test_a_retried_create_with_an_idempotency_key_creates_one_endpoint(owner_api):
    headers = {"Idempotency-Key": "create-hook-1"}
    first = owner_api.post("/webhooks", {"url": PUBLIC_URL, "events": ["offer.hidden"]}, headers=headers)
    again = owner_api.post("/webhooks", {"url": PUBLIC_URL, "events": ["offer.hidden"]}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert WebhookEndpoint.objects.count() == 1
