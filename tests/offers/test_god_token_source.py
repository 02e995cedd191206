"""god_token travels in the JSON body of a write or in the X-God-Token header, never in the query string (URLs are
logged); a configured GOD_TOKEN shorter than 32 characters stops the app from starting."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from offers.models import Offer
from tests.helpers import GOD_TOKEN, offer_body

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def post_json(path, body, **headers):
    return Client().post("/api" + path, json.dumps(body), content_type="application/json", headers=headers)


def test_god_token_in_the_body_of_a_write_acts_as_god(company):
    response = post_json("/offers/new", {**offer_body(owner=company.pk), "god_token": GOD_TOKEN})
    assert response.status_code == 201
    assert Offer.objects.filter(company=company).count() == 1


def test_god_token_in_the_header_of_a_write_acts_as_god(company):
    response = post_json("/offers/new", offer_body(owner=company.pk), **{"X-God-Token": GOD_TOKEN})
    assert response.status_code == 201


def test_god_token_in_the_header_of_a_read_sees_a_hidden_offer(make_offer):
    offer = make_offer(isHidden=True)
    assert Client().get(f"/api/offers/{offer.pk}").status_code == 404
    response = Client().get(f"/api/offers/{offer.pk}", headers={"X-God-Token": GOD_TOKEN})
    assert response.status_code == 200 and response.json()["id"] == str(offer.pk)


def test_the_right_god_token_in_a_read_query_string_is_refused(make_offer, company):
    offer = make_offer(isHidden=True)
    for url in (f"/api/offers/{offer.pk}", f"/api/company/{company.pk}/hasReachedMaxConcurrentOffersBetweenDates"):
        response = Client().get(url, {"god_token": GOD_TOKEN})
        assert response.status_code == 401
        assert response.json() == {"error_code": 3, "errors": [{"msg": "invalid-god-token"}]}


def test_the_right_god_token_in_a_write_query_string_is_refused_and_nothing_is_written(company):
    body = json.dumps(offer_body(owner=company.pk))
    response = Client().post(f"/api/offers/new?god_token={GOD_TOKEN}", body, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["errors"][0]["msg"] == "invalid-god-token"
    assert not Offer.objects.exists()


def test_a_body_god_token_on_a_read_is_not_read(make_offer):
    offer = make_offer(isHidden=True)
    response = Client().generic(
        "GET", f"/api/offers/{offer.pk}", json.dumps({"god_token": GOD_TOKEN}), content_type="application/json"
    )
    assert response.status_code == 404


def test_a_wrong_header_token_is_refused_even_beside_a_right_body_token(company):
    body = {**offer_body(owner=company.pk), "god_token": GOD_TOKEN}
    response = post_json("/offers/new", body, **{"X-God-Token": "x" * 40})
    assert response.status_code == 401
    assert response.json()["errors"][0]["msg"] == "invalid-god-token"
    assert not Offer.objects.exists()


def test_a_header_token_is_refused_when_god_mode_is_off(company, settings):
    settings.GOD_TOKEN = ""
    response = post_json("/offers/new", offer_body(owner=company.pk), **{"X-God-Token": ""})
    assert response.status_code == 401
    assert not Offer.objects.exists()


def start_django(god_token: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GOD_TOKEN", "DATABASE_URL", "REDIS_URL", "SECRET_KEY")
    }
    env.update(DJANGO_SETTINGS_MODULE="jobboard.settings", DEBUG="1", GOD_TOKEN=god_token)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("token", ["short-token", "x" * 31, " " * 40])
def test_a_god_token_shorter_than_32_characters_stops_the_start(token):
    started = start_django(token)
    assert started.returncode != 0
    assert "GOD_TOKEN must be at least 32 characters" in started.stderr


@pytest.mark.parametrize("token", ["", "x" * 32])
def test_an_empty_or_32_character_god_token_starts(token):
    started = start_django(token)
    assert started.returncode == 0, started.stderr
