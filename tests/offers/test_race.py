"""Eight parallel creates for a company with four active offers end with exactly five."""
import json
import threading

import pytest
from django.db import connection
from django.test import Client

from companies.services import company_create
from offers.actors import GOD
from offers.models import Offer
from offers.services import offer_create
from tests.offers.conftest import GOD_TOKEN, offer_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_creates_cannot_pass_the_limit(settings):
    settings.GOD_TOKEN = GOD_TOKEN
    company = company_create(name="Racing Offers")
    body = offer_body()
    body.pop("publishDate")
    for _ in range(4):
        offer_create(actor=GOD, body={**body, "owner": company.pk})

    barrier = threading.Barrier(8)
    statuses = []

    def create():
        try:
            client = Client()
            barrier.wait()
            response = client.post("/api/offers/new", json.dumps({**offer_body(owner=company.pk), "god_token": GOD_TOKEN}),
                                   content_type="application/json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
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
    barrier = threading.Barrier(4)
    statuses = []

    def enable(pk):
        try:
            client = Client()
            barrier.wait()
            statuses.append(client.put(f"/api/offers/{pk}/enable", json.dumps({"god_token": GOD_TOKEN}),
                                       content_type="application/json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=enable, args=(o.pk,)) for o in hidden]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 409, 409, 409]
    assert Offer.objects.filter(company=company, is_hidden=False).count() == 5
