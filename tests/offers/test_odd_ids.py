"""Offer ids are ASCII digits: other digit characters name nothing (404), never a 500 or a second address."""

import pytest


@pytest.mark.parametrize("odd", ["²", "١", "１"])
def test_non_ascii_digits_name_no_offer(client, make_offer, odd):
    make_offer()
    assert client.get(f"/offers/{odd}").status_code == 404
    assert client.get(f"/api/offers/{odd}").status_code == 404
