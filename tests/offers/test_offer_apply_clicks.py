"""The apply button of an offer with an http(s) applyURL goes through /offers/<id>/apply: a person's click is
counted and answered 302 to the applyURL; a mailto applyURL is linked directly and never counted."""

import pytest
from django.test import Client

from offers.models import OfferDay
from tests.helpers import BROWSER_UA, CRAWLER_UA, flushed_day_totals

pytestmark = pytest.mark.django_db


def clicks(offer) -> int:
    return flushed_day_totals(OfferDay, offer=offer)["apply_clicks"]


def test_a_click_is_counted_and_redirected_to_the_apply_url(counting, client, make_offer):
    offer = make_offer(applyURL="https://labs.example/apply")

    response = client.get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=BROWSER_UA)

    assert (response.status_code, response["Location"]) == (302, "https://labs.example/apply")
    assert clicks(offer) == 1
    assert flushed_day_totals(OfferDay, offer=offer)["views"] == 0


def test_a_repeated_click_a_head_and_a_crawler_are_redirected_but_not_counted(counting, make_offer):
    offer = make_offer(applyURL="https://labs.example/apply")
    answers = [
        Client().get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=BROWSER_UA),
        Client().get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=BROWSER_UA),
        Client().head(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT="curl/8.5.0 (a person's HEAD)"),
        Client().get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=CRAWLER_UA),
    ]
    assert [answer.status_code for answer in answers] == [302] * 4
    assert clicks(offer) == 1


def test_a_mailto_apply_url_is_linked_directly_and_its_apply_path_counts_nothing(counting, client, make_offer):
    offer = make_offer(applyURL="mailto:apply@labs.example")

    page = client.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert 'href="mailto:apply@labs.example"' in page and f"/offers/{offer.pk}/apply" not in page
    assert client.get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=BROWSER_UA).status_code == 404
    assert clicks(offer) == 0


def test_the_apply_path_of_an_offer_not_visible_is_not_redirected(counting, client, make_offer):
    offer = make_offer(applyURL="https://labs.example/apply")
    offer.is_archived = True
    offer.save(update_fields=["is_archived"])

    assert client.get(f"/offers/{offer.pk}/apply", HTTP_USER_AGENT=BROWSER_UA).status_code in (404, 410)
    assert clicks(offer) == 0
