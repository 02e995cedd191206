"""A company blocked, or with an offer blocked, reads on its dashboard why (the admin's reason) and whom to write
to (settings.SUPPORT_EMAIL), instead of "contact support" with neither."""

import pytest
from django.urls import reverse

from offers.actors import GOD
from offers.services.moderation import company_block
from offers.services.offers import offer_disable
from tests.offers.dashboard_helpers import offer_form, text

pytestmark = pytest.mark.django_db

SUPPORT = "help@board.example"


@pytest.fixture(autouse=True)
def support_email(settings):
    settings.SUPPORT_EMAIL = SUPPORT


def test_a_blocked_offers_page_shows_the_admins_reason_and_the_support_address(staff, dashboard_offer):
    offer = dashboard_offer(title="Backend intern")
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Pay is not stated")
    page = text(staff.get(reverse("dashboard-offer", args=[offer.pk])))
    assert "Blocked by an admin, who gave this reason: “Pay is not stated”" in page
    assert f'<a href="mailto:{SUPPORT}">{SUPPORT}</a>' in page


def test_a_blocked_offers_edit_page_and_refusal_show_the_reason_and_the_support_address(staff, dashboard_offer):
    offer = dashboard_offer(title="Backend intern")
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Pay is not stated")
    edit = reverse("dashboard-offer-edit", args=[offer.pk])
    page = text(staff.get(edit))
    assert "Reason given: “Pay is not stated”" in page and f"mailto:{SUPPORT}" in page
    refused = text(staff.post(edit, offer_form(title="Renamed")))
    assert f"To ask about it or appeal, write to {SUPPORT}." in refused


def test_a_blocked_company_reads_the_reason_and_the_support_address_on_the_overview(staff, owner_company):
    company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Unpaid invoices")
    page = text(staff.get(reverse("dashboard")))
    assert "Reason given: “Unpaid invoices”" in page
    assert f'write to <a href="mailto:{SUPPORT}">{SUPPORT}</a>' in page


def test_the_admins_reason_is_shown_as_text_not_markup(staff, dashboard_offer):
    offer = dashboard_offer()
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="<b>Spam</b>")
    page = staff.get(reverse("dashboard-offer", args=[offer.pk])).content.decode()
    assert "&lt;b&gt;Spam&lt;/b&gt;" in page and "<b>Spam</b>" not in page
