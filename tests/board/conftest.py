import re

import pytest
from django.test import Client

from companies.services import company_create
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import offer_body


@pytest.fixture
def offer_of():
    """Creates an offer live now for a company."""

    def _make(company, **overrides):
        body = offer_body(**overrides)
        if "publishDate" not in overrides:
            body.pop("publishDate")
        return offer_create(actor=GOD, body={**body, "owner": company.pk})

    return _make


@pytest.fixture
def second_company(db):
    return company_create(name="Second Labs", accept_terms=True, payment_method=True)


def board_titles(client: Client | None = None, **params) -> list[str]:
    """The posting titles the board shows for a query string, in order."""
    page = (client or Client()).get("/", params).content.decode()
    return [title.strip() for title in re.findall(r'class="posting-title">\s*<a href="[^"]+">([^<]+)</a>', page)]
