"""Editing an archived offer: the offers API's contract refuses nothing for it (POST /offers/edit/{id} lists its
checks, and none is about archiving), so the dashboard saves it too, and says that nothing public changes:
the offer stays archived and off the board."""

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.actors import GOD
from offers.models import Offer
from offers.services.offers import offer_archive
from tests.offers.dashboard_helpers import local, text

pytestmark = pytest.mark.django_db


def edit_data(client, offer, **overrides) -> dict:
    """What the edit page submits when the person changes only `overrides`."""
    form = client.get(reverse("dashboard-offer-edit", args=[offer.pk])).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if hasattr(value, "hour"):
            value = local(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, list) and name in ("contacts", "requirements"):
            value = "\r\n".join(value)
        data[name] = value
    return {**data, **overrides}


def test_the_archived_offers_pages_say_that_edits_are_not_shown(staff, dashboard_offer):
    offer = dashboard_offer(title="Data intern")
    offer_archive(actor=GOD, offer_id=offer.pk)
    detail = text(staff.get(reverse("dashboard-offer", args=[offer.pk])))
    assert "Editing it only corrects your own record; candidates do not see the changes." in detail
    form = text(staff.get(reverse("dashboard-offer-edit", args=[offer.pk])))
    assert "This offer is archived: candidates never see it again, whatever you change here." in form


def test_saving_an_archived_offer_keeps_it_archived_and_says_so(staff, dashboard_offer):
    offer = dashboard_offer(title="Data intern")
    offer_archive(actor=GOD, offer_id=offer.pk)
    edit = reverse("dashboard-offer-edit", args=[offer.pk])
    response = staff.post(edit, edit_data(staff, offer, title="Data engineering intern"), follow=True)
    assert "Offer saved. It stays archived: candidates do not see it." in text(response)
    stored = Offer.objects.get(pk=offer.pk)
    assert stored.title == "Data engineering intern" and stored.is_archived
    assert not Offer.objects.publicly_visible(now=timezone.now()).filter(pk=offer.pk).exists()


def test_the_offers_api_edits_an_archived_offer_as_its_contract_says(owner, make_offer):
    offer = make_offer()
    offer_archive(actor=GOD, offer_id=offer.pk)
    response = owner.post(f"/offers/edit/{offer.pk}", {"title": "Renamed"})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed" and response.json()["isArchived"] is True
