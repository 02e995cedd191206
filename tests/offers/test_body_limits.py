"""Sizes on the offers API: a body over 1 MiB is 413 in the API's envelope before it is read or parsed (anonymous
included, so before the 401), a body nested too deeply is 422, and the raw description and the contacts and
requirements lists have bounds the dashboard form shares."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import Offer
from offers.validators import DESCRIPTION_MAX_RAW, ITEMS_MAX
from plumbing.api_input import MAX_BODY_BYTES
from plumbing.input_rules import INPUT_MAX_DEPTH
from tests.helpers import offer_body
from tests.offers.dashboard_helpers import field_block, offer_form, text

TWENTY_MB = 20 * 1024 * 1024
TOO_LARGE = {
    "error_code": 1,
    "errors": [{"msg": f"max-length-exceeded:{MAX_BODY_BYTES}", "param": "body", "location": "body", "value": None}],
}


def send(client: Client, method: str, path: str, raw: str):
    return getattr(client, method)(f"/api{path}", raw, content_type="application/json")


def padded(body: dict, size: int) -> str:
    """The body as JSON of exactly `size` bytes, filled out with a key the API ignores."""
    empty = json.dumps({**body, "padding": ""})
    return json.dumps({**body, "padding": "a" * (size - len(empty))})


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/offers/new"), ("post", "/auth/login"), ("put", "/company/1/block"), ("post", "/offers/1/hide")],
)
def test_an_anonymous_20_mb_body_is_413_unread_before_the_401(db, method, path):
    # Not JSON at all: a body that were parsed would be a 422, and one ignored would be a 401.
    response = send(Client(), method, path, "x" * TWENTY_MB)

    assert response.status_code == 413
    assert json.loads(response.content) == TOO_LARGE


def test_a_logged_in_20_mb_create_or_edit_is_413_and_stores_nothing(owner, make_offer):
    offer = make_offer()
    title = offer.title

    created = send(owner.client, "post", "/offers/new", padded({"title": "Huge"}, TWENTY_MB))
    edited = send(owner.client, "post", f"/offers/edit/{offer.pk}", padded({"title": "Huge"}, TWENTY_MB))

    assert (created.status_code, edited.status_code) == (413, 413)
    assert list(Offer.objects.values_list("title", flat=True)) == [title]


def test_a_body_of_exactly_1_mib_is_read_and_one_byte_more_is_413(owner, make_offer):
    offer = make_offer()

    at_limit = send(owner.client, "post", f"/offers/edit/{offer.pk}", padded({"title": "At the limit"}, MAX_BODY_BYTES))
    over = send(owner.client, "post", f"/offers/edit/{offer.pk}", padded({"title": "Over"}, MAX_BODY_BYTES + 1))

    assert (at_limit.status_code, over.status_code) == (200, 413)
    offer.refresh_from_db()
    assert offer.title == "At the limit"


@pytest.mark.parametrize("depth", [INPUT_MAX_DEPTH + 1, 100_000], ids=["just-too-deep", "recursion-deep"])
def test_an_anonymous_body_nested_too_deeply_is_422(db, depth):
    response = send(Client(), "post", "/offers/new", "[" * depth + "]" * depth)

    assert response.status_code == 422
    assert json.loads(response.content) == {
        "error_code": 1,
        "errors": [
            {"msg": f"max-depth-exceeded:{INPUT_MAX_DEPTH}", "param": "body", "location": "body", "value": None}
        ],
    }


def test_a_description_over_the_raw_bound_is_422_even_with_little_visible_text(owner):
    # 10 visible characters in 50,001 characters of markup.
    markup = "<b></b>" * ((DESCRIPTION_MAX_RAW - 10) // 7 + 1)
    description = ("<p>abcdefghij</p>" + markup)[: DESCRIPTION_MAX_RAW + 1]
    assert len(description) == DESCRIPTION_MAX_RAW + 1

    response = owner.post("/offers/new", {"description": description})

    assert response.status_code == 422
    assert f"max-length-exceeded:{DESCRIPTION_MAX_RAW}" in [
        e["msg"] for e in response.json()["errors"] if e["param"] == "description"
    ]


@pytest.mark.parametrize("field", ["contacts", "requirements"])
def test_more_lines_than_the_bound_is_422_on_the_list(owner, field):
    response = owner.post("/offers/new", {field: [f"line {i}" for i in range(ITEMS_MAX + 1)]})

    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["errors"] if e["param"] == field]
    assert f"size-must-be-between:[1,{ITEMS_MAX}]" in messages


@pytest.mark.parametrize("field", ["contacts", "requirements"])
def test_as_many_lines_as_the_bound_are_accepted(god, company, field):
    body = offer_body(owner=company.pk, **{field: [f"line {i}" for i in range(ITEMS_MAX)]})
    assert god.post("/offers/new", body).status_code == 201


NEW = reverse("dashboard-offer-new")


def test_the_dashboard_form_refuses_too_many_contact_lines_in_words(staff):
    response = staff.post(NEW, offer_form(contacts="\r\n".join(f"c{i}@owner.example" for i in range(ITEMS_MAX + 1))))

    assert f"Give between 1 and {ITEMS_MAX} lines." in field_block(text(response), "contacts")
    assert not Offer.objects.exists()


def test_the_dashboard_form_refuses_a_description_over_the_raw_bound_in_words(staff):
    description = "<p>Short</p>" + "<b></b>" * (DESCRIPTION_MAX_RAW // 7)

    response = staff.post(NEW, offer_form(description=description))

    assert f"At most {DESCRIPTION_MAX_RAW} characters in all, HTML tags included." in field_block(
        text(response), "description"
    )
    assert not Offer.objects.exists()
