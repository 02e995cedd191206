"""Moderation through the Django admin uses the same services (and cascades) as the API."""

import pytest
from django.contrib.auth import get_user_model

from companies.models import ModerationRecord, PartnerKey
from companies.services import partner_key_issue
from jobboard.models import SweepRun
from offers.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        username="root", email="root@board.example", password="pw-12345678"
    )
    client.force_login(user)
    return client, user


def test_block_company_asks_for_a_reason_then_cascades(superuser_client, company, make_offer):
    client, user = superuser_client
    offer = make_offer()
    url = "/admin/companies/company/"
    form = client.post(url, {"action": "block_companies", "_selected_action": [company.pk]})
    assert form.status_code == 200 and b"Reason" in form.content
    company.refresh_from_db()
    assert not company.is_blocked
    client.post(
        url,
        {"action": "block_companies", "_selected_action": [company.pk], "apply": "1", "admin_reason": "Fake company"},
    )
    company.refresh_from_db()
    offer.refresh_from_db()
    assert company.is_blocked and company.admin_reason == "Fake company"
    assert offer.hidden_reason == "COMPANY_BLOCKED"
    record = ModerationRecord.objects.get(action="company_block")
    assert record.actor == user and record.reason == "Fake company"
    client.post(url, {"action": "unblock_companies", "_selected_action": [company.pk]})
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_block_offer_with_reason(superuser_client, make_offer):
    client, _ = superuser_client
    offer = make_offer()
    client.post(
        "/admin/offers/offer/",
        {
            "action": "block_offers",
            "_selected_action": [offer.pk],
            "apply": "1",
            "admin_reason": "Discriminatory wording",
        },
    )
    offer.refresh_from_db()
    assert offer.hidden_reason == "ADMIN_REQUEST" and offer.admin_reason == "Discriminatory wording"
    assert client.get("/admin/offers/offer/?hidden_reason__exact=ADMIN_REQUEST").status_code == 200


def test_revoke_partner_key(superuser_client, company):
    client, _ = superuser_client
    issued = partner_key_issue(company=company)
    client.post("/admin/companies/partnerkey/", {"action": "revoke_keys", "_selected_action": [issued.key.pk]})
    assert PartnerKey.objects.get(pk=issued.key.pk).revoked_at is not None


def test_admin_pages_render(superuser_client, make_offer, company):
    client, _ = superuser_client
    make_offer()
    assert client.get(f"/admin/companies/company/{company.pk}/change/").status_code == 200
    SweepRun.objects.create(task="expire_jobs", last_run_at="2026-11-25T00:00:00Z")
    for url in [
        "/admin/companies/company/",
        "/admin/offers/offer/",
        "/admin/jobs/job/",
        "/admin/jobs/application/",
        "/admin/companies/moderationrecord/",
        "/admin/companies/partnerkey/",
        "/admin/jobboard/sweeprun/",
    ]:
        assert client.get(url).status_code == 200, url
    assert Offer.objects.count() == 1
