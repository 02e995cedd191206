"""A JSON body whose Content-Type names a charset that is no text encoding (rot13, base64, zlib: codecs Python
knows but that do not turn bytes into text) is a client error in each API's envelope, anonymous included, not
a 500; a text charset other than UTF-8 is still read."""

import json

import pytest
from django.test import Client

from companies.services import company_user_create
from tests.helpers import PASSWORD

BINARY_CODECS = ["rot13", "base64", "zlib", "hex"]


def send(path: str, body: bytes, charset: str, **headers):
    content_type = f"application/json; charset={charset}"
    return Client().generic("POST", path, body, content_type=content_type, **headers)


@pytest.mark.parametrize("charset", BINARY_CODECS)
def test_a_partner_body_in_a_binary_codec_is_a_4xx_in_the_partner_envelope(owner_api, charset):
    response = send("/api/external/v1/jobs", b'{"title": "x"}', charset, **owner_api._headers())
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


@pytest.mark.parametrize("charset", BINARY_CODECS)
@pytest.mark.parametrize("path", ["/api/auth/login", "/api/offers/new"])
def test_an_anonymous_offers_body_in_a_binary_codec_is_a_4xx_in_the_offers_envelope(db, path, charset):
    response = send(path, b'{"email": "a@x.example", "password": "b"}', charset)
    assert 400 <= response.status_code < 500
    assert "errors" in response.json()


def test_a_login_body_in_latin_1_is_read(owner_company):
    company_user_create(email="zoe@x.example", password=PASSWORD, company=owner_company)
    body = json.dumps({"email": "zoe@x.example", "password": PASSWORD}).encode("latin-1")
    assert send("/api/auth/login", body, "latin-1").status_code == 200
