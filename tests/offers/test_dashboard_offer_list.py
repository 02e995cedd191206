"""The dashboard's offer list: every offer of the company with its state, filtered by state, paginated."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers.actors import GOD
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_archive, offer_disable
from plumbing.times import iso_z
from tests.offers.dashboard_helpers import row_of, text

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard-offers")


@pytest.fixture
def one_of_each(dashboard_offer):
    """One offer in each state the company can see, titled after it."""
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=90)):
        dashboard_offer(title="Ended one")
    dashboard_offer(title="Live one")
    dashboard_offer(title="Scheduled one", publishDate=iso_z(now + timedelta(days=3)))
    dashboard_offer(title="Hidden one", isHidden=True)
    blocked = dashboard_offer(title="Blocked one")
    offer_disable(actor=GOD, offer_id=blocked.pk, admin_reason="Misleading pay claims")
    archived = dashboard_offer(title="Archived one")
    offer_archive(actor=GOD, offer_id=archived.pk)


def test_each_offer_shows_its_state_in_words(staff, one_of_each):
    html = staff.get(LIST).content.decode()
    assert "Visible now" in row_of(html, "Live one")
    assert "Scheduled" in row_of(html, "Scheduled one")
    assert "Hidden by the company" in row_of(html, "Hidden one")
    assert "Blocked by an admin" in row_of(html, "Blocked one")
    assert "Archived" in row_of(html, "Archived one")
    assert "Ended" in row_of(html, "Ended one")


def test_the_admins_reason_is_not_shown_to_the_company(staff, one_of_each):
    html = staff.get(LIST).content.decode()
    assert "Misleading pay claims" not in html


def test_offers_of_a_disabled_company_show_hidden_with_the_company(staff, owner_company, dashboard_offer):
    dashboard_offer(title="Live one")
    company_disable(actor=GOD, company_id=owner_company.pk)
    assert "Hidden with the company" in row_of(staff.get(LIST).content.decode(), "Live one")


def test_offers_of_a_blocked_company_show_hidden_with_the_company(staff, owner_company, dashboard_offer):
    dashboard_offer(title="Live one")
    company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Unpaid invoices")
    html = staff.get(LIST).content.decode()
    assert "Hidden with the company" in row_of(html, "Live one")
    assert "Your company is blocked" in html


def test_filtering_by_state_lists_only_offers_in_that_state(staff, one_of_each):
    html = staff.get(LIST, {"state": "hidden"}).content.decode()
    assert "Hidden one" in html
    for other in ("Live one", "Scheduled one", "Blocked one", "Archived one", "Ended one"):
        assert other not in html


def test_the_filter_names_how_many_offers_are_in_each_state(staff, one_of_each):
    html = staff.get(LIST).content.decode()
    assert "All offers (6)" in html and "Visible now (1)" in html and "Blocked by an admin (1)" in html


def test_an_unknown_state_in_the_query_shows_every_offer(staff, one_of_each):
    response = staff.get(LIST, {"state": "nonsense"})
    assert response.status_code == 200
    assert "Live one" in text(response) and "Hidden one" in text(response)


def test_a_state_with_no_offers_says_so(staff, dashboard_offer):
    dashboard_offer(title="Live one")
    assert "No offers in this state." in staff.get(LIST, {"state": "archived"}).content.decode()


def test_a_company_without_offers_is_invited_to_create_one(staff):
    html = staff.get(LIST).content.decode()
    assert "No offers yet." in html and reverse("dashboard-offer-new") in html


def test_another_companys_offers_are_not_listed(staff, make_offer, other_company, dashboard_offer):
    dashboard_offer(title="Ours")
    make_offer(target=other_company, title="Theirs")
    html = staff.get(LIST).content.decode()
    assert "Ours" in html and "Theirs" not in html


def test_the_list_is_newest_first_and_paginated_by_twenty(staff, dashboard_offer):
    for i in range(23):
        dashboard_offer(title=f"Offer number {i:02d}", isHidden=True)
    first = staff.get(LIST).content.decode()
    assert first.index("Offer number 22") < first.index("Offer number 21")
    assert "Offer number 03" in first and "Offer number 02" not in first
    assert "Page 1 of 2" in first
    second = staff.get(LIST, {"page": 2}).content.decode()
    assert "Offer number 02" in second and "Offer number 00" in second and "Offer number 03" not in second


def test_pages_keep_the_state_filter(staff, dashboard_offer):
    for i in range(21):
        dashboard_offer(title=f"Offer number {i:02d}", isHidden=True)
    html = staff.get(LIST, {"state": "hidden"}).content.decode()
    assert "?state=hidden&amp;page=2" in html


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_offers(staff, dashboard_offer):
    dashboard_offer(title="The first", isHidden=True)
    with_one = _queries_for_list(staff)
    for i in range(19):
        dashboard_offer(title=f"Another {i}", isHidden=True)
    assert _queries_for_list(staff) == with_one
