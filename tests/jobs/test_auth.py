import pytest

from companies.models import PartnerKey
from companies.services import partner_key_issue, partner_key_revoke
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db

INVALID = {"error": {"code": "INVALID_SERVICE_KEY", "message": "Invalid service key."}}


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic abc",
        "Token sk_ext_x",
        "Bearer sk_ext_short",
        "Bearer sk_ext_" + "A" * 43,
        "Bearer pk_live_" + "A" * 43,
    ],
)
def test_every_key_failure_gets_the_same_answer(client, owner_api, header):
    headers = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get("/api/external/v1/jobs", **headers)
    assert response.status_code == 401
    assert response.json() == INVALID


def test_a_revoked_key_gets_the_same_answer(owner_company):
    issued = partner_key_issue(company=owner_company)
    api = PartnerClient(issued.raw)
    assert api.get("/jobs").status_code == 200
    partner_key_revoke(key=issued.key)
    response = api.get("/jobs")
    assert response.status_code == 401 and response.json() == INVALID


def test_keys_are_stored_hashed_with_a_prefix(owner_company):
    issued = partner_key_issue(company=owner_company)
    stored = PartnerKey.objects.get(pk=issued.key.pk)
    assert issued.raw.startswith("sk_ext_") and len(issued.raw) >= 7 + 43
    assert issued.raw not in (stored.key_hash, stored.prefix)
    assert issued.raw.startswith(stored.prefix)
    assert set(issued.raw[7:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def test_issuing_a_key_never_revokes_another(owner_company):
    first = partner_key_issue(company=owner_company)
    partner_key_issue(company=owner_company)
    assert PartnerClient(first.raw).get("/jobs").status_code == 200


def test_last_used_is_recorded(owner_company):
    issued = partner_key_issue(company=owner_company)
    assert issued.key.last_used_at is None
    PartnerClient(issued.raw).get("/jobs")
    issued.key.refresh_from_db()
    assert issued.key.last_used_at is not None


def test_key_failure_comes_before_not_found(client):
    response = client.get("/api/external/v1/nowhere")
    assert response.status_code == 401
