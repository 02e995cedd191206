import pytest

from companies.models import ModerationRecord
from offers.models import HiddenReason, Offer

pytestmark = pytest.mark.django_db


def msg(response):
    return response.json()["errors"][0]["msg"]


def test_owner_hides_then_enables(owner, make_offer):
    offer = make_offer()
    hidden = owner.post(f"/offers/{offer.pk}/hide").json()
    assert hidden["isHidden"] is True and hidden["hiddenReason"] == "COMPANY_REQUEST"
    again = owner.post(f"/offers/{offer.pk}/hide")
    assert again.status_code == 403 and msg(again) == "offer-is-hidden"
    enabled = owner.put(f"/offers/{offer.pk}/enable").json()
    assert enabled["isHidden"] is False and enabled["hiddenReason"] is None


def test_rival_gets_not_owner_for_every_action(rival, make_offer):
    offer = make_offer()
    for method, action in (("post", "hide"), ("put", "enable"), ("put", "archive")):
        response = getattr(rival, method)(f"/offers/{offer.pk}/{action}")
        assert response.status_code == 403 and msg(response) == f"not-offer-owner:{offer.pk}"
    offer.refresh_from_db()
    assert not offer.is_hidden and not offer.is_archived


def test_anonymous_gets_insufficient_permissions(anon, make_offer):
    offer = make_offer()
    for method, action in (("post", "hide"), ("post", "disable"), ("put", "enable"), ("put", "archive")):
        response = getattr(anon, method)(f"/offers/{offer.pk}/{action}")
        assert response.status_code == 401 and msg(response) == "insufficient-permissions"


def test_only_admins_block_offers_and_a_reason_is_required(owner, admin, make_offer, admin_user):
    offer = make_offer()
    response = owner.post(f"/offers/{offer.pk}/disable", {"adminReason": "spam"})
    assert response.status_code == 401 and msg(response) == "insufficient-permissions"
    missing = admin.post(f"/offers/{offer.pk}/disable", {})
    assert missing.status_code == 422 and missing.json()["errors"][0]["param"] == "adminReason"
    blocked = admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Misleading pay"}).json()
    assert blocked["hiddenReason"] == "ADMIN_REQUEST" and blocked["adminReason"] == "Misleading pay"
    record = ModerationRecord.objects.get(action="offer_block")
    assert record.actor == admin_user and record.reason == "Misleading pay" and record.target_id == str(offer.pk)


def test_admin_reason_is_shown_to_admins_only(owner, admin, make_offer):
    offer = make_offer()
    admin.post(f"/offers/{offer.pk}/disable", {"adminReason": "Spam"})
    assert owner.get(f"/offers/{offer.pk}").json()["adminReason"] is None
    assert admin.get(f"/offers/{offer.pk}").json()["adminReason"] == "Spam"


def test_owner_cannot_enable_an_admin_blocked_offer(owner, god, make_offer):
    offer = make_offer()
    god.post(f"/offers/{offer.pk}/disable", {"adminReason": "Spam"})
    response = owner.put(f"/offers/{offer.pk}/enable")
    assert response.status_code == 403 and msg(response) == "offer-blocked-by-admin"
    assert god.put(f"/offers/{offer.pk}/enable").json()["isHidden"] is False


def test_enable_respects_the_concurrent_limit(owner, make_offer):
    offer = make_offer()
    owner.post(f"/offers/{offer.pk}/hide")
    for _ in range(5):
        make_offer()
    response = owner.put(f"/offers/{offer.pk}/enable")
    assert response.status_code == 409 and msg(response) == "max-concurrent-offers-reached:5"
    offer.refresh_from_db()
    assert offer.is_hidden


def test_archive(owner, anon, make_offer):
    offer = make_offer()
    assert owner.put(f"/offers/{offer.pk}/archive").json()["isArchived"] is True
    assert anon.get(f"/offers/{offer.pk}").status_code == 404
    assert owner.get(f"/offers/{offer.pk}").status_code == 200


@pytest.mark.parametrize("flag, expected", [("is_blocked", "company-blocked"), ("is_disabled", "company-disabled")])
def test_a_company_in_bad_standing_is_refused_before_offer_checks(owner, company, make_offer, flag, expected):
    offer = make_offer()
    setattr(company, flag, True)
    company.save()
    for method, action in (("post", "hide"), ("put", "enable"), ("put", "archive")):
        response = getattr(owner, method)(f"/offers/{offer.pk}/{action}")
        assert response.status_code == 403 and msg(response) == expected


def test_admins_may_still_hide_and_archive_a_blocked_companys_offers(admin, company, make_offer):
    offer = make_offer()
    company.is_blocked = True
    company.save()
    assert admin.post(f"/offers/{offer.pk}/hide").status_code == 200
    assert admin.put(f"/offers/{offer.pk}/archive").status_code == 200
    response = admin.put(f"/offers/{offer.pk}/enable")
    assert response.status_code == 403 and msg(response) == "company-blocked"


def test_block_and_unblock_cascade_with_memory(admin, owner, company, make_offer):
    visible, self_hidden, admin_blocked = make_offer(), make_offer(), make_offer()
    owner.post(f"/offers/{self_hidden.pk}/hide")
    admin.post(f"/offers/{admin_blocked.pk}/disable", {"adminReason": "Spam"})
    response = admin.put(f"/company/{company.pk}/block", {"adminReason": "Fraud"})
    assert response.status_code == 200
    assert response.json() == {
        "id": str(company.pk),
        "name": "Owner Labs",
        "isBlocked": True,
        "isDisabled": False,
        "adminReason": "Fraud",
    }
    reasons = dict(Offer.objects.values_list("pk", "hidden_reason"))
    assert reasons == {
        visible.pk: "COMPANY_BLOCKED",
        self_hidden.pk: "COMPANY_REQUEST",
        admin_blocked.pk: "ADMIN_REQUEST",
    }
    admin.put(f"/company/{company.pk}/unblock")
    reasons = dict(Offer.objects.values_list("pk", "hidden_reason"))
    assert reasons == {visible.pk: None, self_hidden.pk: "COMPANY_REQUEST", admin_blocked.pk: "ADMIN_REQUEST"}
    assert ModerationRecord.objects.filter(action__in=["company_block", "company_unblock"]).count() == 2


def test_disable_and_enable_by_the_company_itself(owner, company, make_offer):
    offer = make_offer()
    body = owner.put(f"/company/{company.pk}/disable").json()
    assert body["isDisabled"] is True
    offer.refresh_from_db()
    assert offer.hidden_reason == HiddenReason.COMPANY_DISABLED
    assert owner.put(f"/company/{company.pk}/enable").json()["isDisabled"] is False
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_blocked_and_disabled_offers_wait_for_both_to_lift(god, company, make_offer):
    offer = make_offer()
    god.put(f"/company/{company.pk}/block", {"adminReason": "Fraud"})
    god.put(f"/company/{company.pk}/disable")
    god.put(f"/company/{company.pk}/unblock")
    offer.refresh_from_db()
    assert offer.is_hidden and offer.hidden_reason == HiddenReason.COMPANY_DISABLED
    god.put(f"/company/{company.pk}/enable")
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_company_endpoint_permissions(anon, rival, owner, company):
    response = rival.put(f"/company/{company.pk}/disable")
    assert response.status_code == 403 and msg(response) == "insufficient-permissions"
    response = anon.put(f"/company/{company.pk}/disable")
    assert response.status_code == 401 and msg(response) == "insufficient-permissions"
    for action in ("block", "unblock"):
        response = owner.put(f"/company/{company.pk}/{action}", {"adminReason": "x"})
        assert response.status_code == 401 and msg(response) == "insufficient-permissions"


@pytest.mark.parametrize("company_id", ["424242", "abc"])
def test_unknown_company_in_a_path_is_404(admin, company_id):
    response = admin.put(f"/company/{company_id}/block", {"adminReason": "x"})
    assert response.status_code == 404 and msg(response) == f"no-company-found-with-id:{company_id}"


def test_block_requires_a_reason(admin, company):
    response = admin.put(f"/company/{company.pk}/block", {})
    assert response.status_code == 422 and response.json()["errors"][0]["param"] == "adminReason"
    company.refresh_from_db()
    assert not company.is_blocked
