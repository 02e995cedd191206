from datetime import timedelta

import pytest
from django.utils import timezone

from offers.models import HiddenReason, Offer
from plumbing.times import iso_z

pytestmark = pytest.mark.django_db


def msg(response):
    return response.json()["errors"][0]["msg"]


def test_owner_edits_any_subset(owner, make_offer):
    offer = make_offer()
    response = owner.post(f"/offers/edit/{offer.pk}", {"title": "Renamed", "vacancies": 2})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed" and response.json()["vacancies"] == 2
    assert response.json()["technologies"] == offer.technologies


def test_null_clears_optional_fields(owner, make_offer):
    offer = make_offer(isPaid=True, vacancies=3)
    body = owner.post(f"/offers/edit/{offer.pk}", {"isPaid": None, "vacancies": None, "applyURL": None}).json()
    assert body["isPaid"] is None and body["vacancies"] is None and body["applyURL"] is None


def test_is_hidden_on_edit_must_be_boolean_and_is_ignored(owner, make_offer):
    offer = make_offer()
    assert owner.post(f"/offers/edit/{offer.pk}", {"isHidden": "x"}).status_code == 422
    assert owner.post(f"/offers/edit/{offer.pk}", {"isHidden": True}).json()["isHidden"] is False


def test_owner_cannot_be_changed(owner, make_offer, other):
    offer = make_offer()
    assert owner.post(f"/offers/edit/{offer.pk}", {"owner": other.pk}).json()["owner"] == str(offer.company_id)


def test_max_duration_needs_a_stored_min(owner, make_offer):
    offer = make_offer(jobMinDuration=4, jobMaxDuration=...)
    response = owner.post(f"/offers/edit/{offer.pk}", {"jobMaxDuration": 3})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "msg": "must-be-greater-than-or-equal-to:jobMinDuration",
        "param": "jobMaxDuration",
        "location": "body",
        "value": 3,
    }
    assert owner.post(f"/offers/edit/{offer.pk}", {"jobMaxDuration": 4}).status_code == 200


def test_bad_edit_changes_nothing(owner, make_offer):
    offer = make_offer()
    response = owner.post(f"/offers/edit/{offer.pk}", {"title": "New", "fields": ["NOPE"]})
    assert response.status_code == 422
    offer.refresh_from_db()
    assert offer.title == "Backend Intern"


# The checks in the documented order: each case fails only the check it names.


def test_order_1_permission(anon, make_offer):
    offer = make_offer()
    response = anon.post(f"/offers/edit/{offer.pk}", {"title": ""})
    assert response.status_code == 401 and msg(response) == "insufficient-permissions"


@pytest.mark.parametrize("offer_id", ["999999", "abc", "-1"])
def test_order_2_offer_exists(owner, offer_id):
    response = owner.post(f"/offers/edit/{offer_id}", {"title": ""})
    assert response.status_code == 404 and msg(response) == f"no-offer-found-with-id:{offer_id}"


def test_order_3_owner_blocked_before_disabled(admin, company, make_offer):
    offer = make_offer()
    company.is_blocked = company.is_disabled = True
    company.save()
    response = admin.post(f"/offers/edit/{offer.pk}", {"title": ""})
    assert response.status_code == 403 and msg(response) == "company-blocked"


def test_order_4_owner_disabled(owner, company, make_offer):
    offer = make_offer()
    company.is_disabled = True
    company.save()
    response = owner.post(f"/offers/edit/{offer.pk}", {"title": ""})
    assert response.status_code == 403 and msg(response) == "company-disabled"


def test_order_5_blocked_by_admin_before_validation(owner, admin, god, make_offer):
    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(
        is_hidden=True, hidden_reason=HiddenReason.ADMIN_REQUEST, admin_reason="spam"
    )
    response = owner.post(f"/offers/edit/{offer.pk}", {"title": ""})
    assert response.status_code == 403 and msg(response) == "offer-blocked-by-admin"
    assert admin.post(f"/offers/edit/{offer.pk}", {"title": "Fixed by admin"}).status_code == 200
    assert god.post(f"/offers/edit/{offer.pk}", {"title": "Fixed by god"}).status_code == 200


def test_order_6_validation_before_ownership(rival, make_offer):
    offer = make_offer()
    response = rival.post(f"/offers/edit/{offer.pk}", {"title": ""})
    assert response.status_code == 422 and response.json()["errors"][0]["param"] == "title"


def test_order_7_ownership(rival, make_offer):
    offer = make_offer()
    response = rival.post(f"/offers/edit/{offer.pk}", {"title": "Mine now"})
    assert response.status_code == 403 and msg(response) == f"not-offer-owner:{offer.pk}"
    offer.refresh_from_db()
    assert offer.title == "Backend Intern"


def test_order_8_concurrent_limit_for_the_edited_window(owner, make_offer):
    now = timezone.now()
    later = make_offer(publishDate=iso_z(now + timedelta(days=100)), publishEndDate=iso_z(now + timedelta(days=120)))
    for _ in range(5):
        make_offer(publishEndDate=iso_z(now + timedelta(days=50)))
    response = owner.post(f"/offers/edit/{later.pk}", {"publishDate": iso_z(now + timedelta(days=40))})
    assert response.status_code == 409 and msg(response) == "max-concurrent-offers-reached:5"
    later.refresh_from_db()
    assert later.publish_date > now + timedelta(days=99)
    # Editing an offer already counted, without moving its window, is fine.
    some = Offer.objects.exclude(pk=later.pk).first()
    assert owner.post(f"/offers/edit/{some.pk}", {"title": "Still five"}).status_code == 200


def test_moving_publish_date_keeps_the_stored_end_valid(owner, make_offer):
    now = timezone.now()
    offer = make_offer(publishEndDate=iso_z(now + timedelta(days=10)))
    response = owner.post(f"/offers/edit/{offer.pk}", {"publishDate": iso_z(now + timedelta(days=11))})
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "must-be-before:publishEndDate"


def test_admin_and_god_edit_any_offer(admin, god, make_offer):
    offer = make_offer()
    assert admin.post(f"/offers/edit/{offer.pk}", {"title": "A"}).status_code == 200
    assert god.post(f"/offers/edit/{offer.pk}", {"title": "G"}).json()["title"] == "G"
