"""A lone surrogate ("\\udc00", sent as a JSON escape) is refused with 422 in the offers API's envelope (error_code
1, `must-be-string` on the top-level field), in any string of a body, any query parameter and any header; login
bodies included. Nothing is stored and nothing answers a 500."""

import json

import pytest
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.utils import timezone

from offers.actors import GOD
from offers.api.body import offer_body_errors
from offers.api.views import OfferSearchView
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import GOD_TOKEN, offer_body

BAD = "\udc00"


def refused_on(response, param: str, location: str = "body") -> None:
    assert response.status_code == 422, response.content
    body = json.loads(response.content)
    assert body["error_code"] == 1
    assert {"msg": "must-be-string", "param": param, "location": location, "value": None} in body["errors"], body


def post_json(client: Client, path: str, body) -> object:
    return client.post(f"/api{path}", json.dumps(body), content_type="application/json")


# Every string field of the offer body, and strings inside its lists.
FIELDS = {
    "title": f"Intern {BAD}",
    "description": f"<p>{BAD}</p>",
    "location": f"Porto {BAD}",
    "applyURL": f"https://labs.example/{BAD}",
    "jobType": BAD,
    "publishEndDate": BAD,
    "jobStartDate": BAD,
    "contacts": ["jobs@labs.example", BAD],
    "requirements": [f"Curiosity {BAD}"],
    "fields": [BAD],
    "technologies": ["Python", BAD],
    "owner": BAD,
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_lone_surrogate_in_any_field_of_a_new_offer_is_422_on_that_field(god, company, field):
    response = god.post("/offers/new", offer_body(**{"owner": company.pk, field: FIELDS[field]}))

    refused_on(response, field)
    assert not Offer.objects.exists()


@pytest.mark.parametrize("field", ["title", "description", "contacts", "requirements"])
def test_a_lone_surrogate_in_an_edit_is_422_and_leaves_the_offer_as_it_was(owner, make_offer, field):
    offer = make_offer()
    before = owner.get(f"/offers/{offer.pk}").json()

    response = owner.post(f"/offers/edit/{offer.pk}", {field: FIELDS[field]})

    refused_on(response, field)
    assert owner.get(f"/offers/{offer.pk}").json() == before


def test_a_lone_surrogate_in_a_key_of_the_body_is_422_on_the_body(owner):
    refused_on(owner.post("/offers/new", {**offer_body(), BAD: "x"}), "body")


def test_an_anonymous_body_with_a_lone_surrogate_is_422_not_a_500(anon):
    refused_on(anon.post("/offers/new", offer_body(title=BAD)), "title")


@pytest.mark.parametrize(
    "body",
    [
        {"email": f"owner{BAD}@labs.example", "password": "whatever-123"},
        {"email": "owner@labs.example", "password": f"pw{BAD}"},
        {"email": BAD},
    ],
    ids=["email", "password", "email-without-password"],
)
def test_a_login_body_with_a_lone_surrogate_is_422_not_a_500(owner, body):
    response = post_json(Client(), "/auth/login", body)
    assert response.status_code == 422
    assert response.json()["error_code"] == 1


def test_a_god_token_with_a_lone_surrogate_is_422_in_the_body_and_in_the_header(company, anon):
    refused_on(anon.post("/offers/new", offer_body(owner=company.pk, god_token=f"{GOD_TOKEN}{BAD}")), "god_token")
    response = Client().get("/api/offers", headers={"X-God-Token": BAD})
    refused_on(response, "X-God-Token", "headers")


def test_a_lone_surrogate_in_a_query_parameter_is_422_on_that_parameter(db):
    # No HTTP server hands a view such a parameter (query strings decode with replacement), so the request is
    # built with its query already decoded, as another server could pass it.
    request = RequestFactory().get("/api/offers")
    request.GET = QueryDict(mutable=True)
    request.GET["value"] = BAD

    response = OfferSearchView.as_view()(request)
    response.render()

    refused_on(response, "value", "query")


def test_search_with_the_bytes_of_a_lone_surrogate_reads_them_as_replacement_text(make_offer, client):
    make_offer()
    response = client.get("/api/offers", QUERY_STRING="value=%ED%B0%80")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("field", ["title", "contacts", "requirements"])
def test_the_rules_the_dashboard_form_and_services_share_refuse_a_lone_surrogate(company, field):
    errors, clean = offer_body_errors(offer_body(**{field: FIELDS[field]}), stored=None, now=timezone.now())
    assert [e.param for e in errors] == [field] and clean == {}
    with pytest.raises(Exception) as refused:
        offer_create(actor=GOD, body=offer_body(owner=company.pk, **{field: FIELDS[field]}), now=timezone.now())
    assert [e.msg for e in refused.value.errors] == ["must-be-string"]
    assert not Offer.objects.exists()
