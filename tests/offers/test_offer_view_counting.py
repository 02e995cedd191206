"""A person's GET of a public offer page counts one view of the offer's day; HEAD, crawlers, the company's own
signed-in staff and a repeat of one client within 30 minutes do not, and counting never breaks the page."""

import pytest
from django.test import Client

from offers.models import OfferDay
from tests.helpers import BROWSER_UA, CRAWLER_UA, OTHER_BROWSER_UA, dead_redis, flushed_day_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(make_offer, owner_company):
    return make_offer(target=owner_company)


def views(offer) -> int:
    return flushed_day_totals(OfferDay, offer=offer)["views"]


def test_a_get_from_a_browser_counts_one_view(counting, client, offer):
    assert client.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(offer) == 1


def test_a_head_request_is_not_counted(counting, client, offer):
    assert client.head(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(offer) == 0


def test_a_crawler_user_agent_is_not_counted(counting, client, offer):
    assert client.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=CRAWLER_UA).status_code == 200
    assert views(offer) == 0


def test_signed_in_staff_of_the_offer_company_are_not_counted_and_other_companies_staff_are(
    counting, staff, rival_staff, offer
):
    assert staff.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(offer) == 0
    assert rival_staff.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert views(offer) == 1


def test_a_repeat_of_one_client_within_30_minutes_is_not_counted_and_a_different_client_is(counting, offer):
    Client().get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA)
    Client().get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA)
    assert views(offer) == 1

    Client().get(f"/offers/{offer.pk}", HTTP_USER_AGENT=OTHER_BROWSER_UA)
    assert views(offer) == 2


def test_with_redis_down_the_offer_page_is_still_200_and_nothing_is_counted(settings, client, offer):
    dead_redis(settings)
    assert client.get(f"/offers/{offer.pk}", HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    assert not OfferDay.objects.filter(offer=offer).exists()
