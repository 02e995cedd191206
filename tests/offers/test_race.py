"""Eight parallel creates for a company with four active offers end with exactly five."""

import json

import pytest
from django.test import Client

from companies.services import company_create
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import GOD_TOKEN, offer_body, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_creates_cannot_pass_the_limit(settings):
    settings.GOD_TOKEN = GOD_TOKEN
    company = company_create(name="Racing Offers")
    body = offer_body()
    body.pop("publishDate")
    for _ in range(4):
        offer_create(actor=GOD, body={**body, "owner": company.pk})

    def create():
        response = Client().post(
            "/api/offers/new",
            json.dumps({**offer_body(owner=company.pk), "god_token": GOD_TOKEN}),
            content_type="application/json",
        )
        return response.status_code

    statuses = run_in_parallel([create] * 8)
    assert sorted(statuses) == [201] + [409] * 7
    assert Offer.objects.filter(company=company).count() == 5


def test_parallel_enables_cannot_pass_the_limit(settings):
    settings.GOD_TOKEN = GOD_TOKEN
    company = company_create(name="Racing Enables")
    body = offer_body(owner=company.pk)
    body.pop("publishDate")
    for _ in range(4):
        offer_create(actor=GOD, body=body)
    hidden = [offer_create(actor=GOD, body={**body, "isHidden": True}) for _ in range(4)]

    def enable(pk):
        return (
            Client()
            .put(f"/api/offers/{pk}/enable", json.dumps({"god_token": GOD_TOKEN}), content_type="application/json")
            .status_code
        )

    statuses = run_in_parallel([lambda pk=o.pk: enable(pk) for o in hidden])
    assert sorted(statuses) == [200, 409, 409, 409]
    assert Offer.objects.filter(company=company, is_hidden=False).count() == 5
