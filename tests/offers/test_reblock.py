"""Blocking an offer that an admin already blocked is refused (403 offer-blocked-by-admin) and the first reason is
kept, whether the second block comes through the API, god mode or the Django admin."""

import pytest
from django.contrib.auth import get_user_model

from companies.models import ModerationRecord
from offers.models import Offer

pytestmark = pytest.mark.django_db


def test_a_second_block_through_the_api_is_403_and_keeps_the_first_reason(admin, god, make_offer):
    offer = make_offer()
    assert admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Misleading pay"}).status_code == 200

    for actor in (admin, god):
        again = actor.post(f"/offers/{offer.pk}/disable", {"adminReason": "Something else"})
        assert again.status_code == 403
        assert again.json() == {"error_code": 3, "errors": [{"msg": "offer-blocked-by-admin"}]}

    offer.refresh_from_db()
    assert offer.hidden_reason == "ADMIN_REQUEST" and offer.admin_reason == "Misleading pay"
    assert ModerationRecord.objects.filter(action="offer_block").count() == 1


def test_an_offer_hidden_by_its_company_can_still_be_blocked(owner, admin, make_offer):
    offer = make_offer()
    owner.post(f"/offers/{offer.pk}/hide")
    blocked = admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Spam"})
    assert blocked.status_code == 200
    assert blocked.json()["hiddenReason"] == "ADMIN_REQUEST" and blocked.json()["adminReason"] == "Spam"


def test_blocking_again_after_an_enable_records_the_new_reason(admin, make_offer):
    offer = make_offer()
    admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Spam"})
    admin.put(f"/offers/{offer.pk}/enable")
    again = admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Fake employer"})
    assert again.status_code == 200 and again.json()["adminReason"] == "Fake employer"


def test_the_admin_block_action_reports_an_offer_already_blocked_and_keeps_its_reason(client, admin, make_offer):
    offer = make_offer()
    admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Misleading pay"})
    root = get_user_model().objects.create_superuser(username="root", email="root@board.example", password="pw-1234567")
    client.force_login(root)

    response = client.post(
        "/admin/offers/offer/",
        {"action": "block_offers", "_selected_action": [offer.pk], "apply": "1", "admin_reason": "Overwritten?"},
        follow=True,
    )

    assert response.status_code == 200
    assert "already blocked by an admin; its reason was kept: Misleading pay" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).admin_reason == "Misleading pay"
