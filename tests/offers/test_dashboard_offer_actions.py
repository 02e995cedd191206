"""Hide, enable and archive from the dashboard: POST only, the API's rules, refusals in words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.actors import GOD
from offers.forms import when
from offers.models import HiddenReason, Offer
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_disable
from plumbing.times import iso_z
from tests.offers.dashboard_helpers import offer_form, text

pytestmark = pytest.mark.django_db

ACTIONS = ("dashboard-offer-hide", "dashboard-offer-enable", "dashboard-offer-archive")


def url(name, offer) -> str:
    return reverse(name, args=[offer.pk])


def stored(offer) -> Offer:
    return Offer.objects.get(pk=offer.pk)


def test_hide_hides_the_offer_and_says_so(staff, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(url("dashboard-offer-hide", offer), follow=True)
    assert response.redirect_chain[-1][0] == url("dashboard-offer", offer)
    assert stored(offer).is_hidden and stored(offer).hidden_reason == HiddenReason.COMPANY_REQUEST
    html = text(response)
    assert "Offer hidden." in html and "Hidden by the company" in html


def test_enable_shows_a_hidden_offer_again(staff, dashboard_offer):
    offer = dashboard_offer(isHidden=True)
    response = staff.post(url("dashboard-offer-enable", offer), follow=True)
    assert not stored(offer).is_hidden and stored(offer).hidden_reason is None
    assert "Offer enabled." in text(response) and "Visible now" in text(response)


def test_archive_needs_the_confirmation_box(staff, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(url("dashboard-offer-archive", offer), follow=True)
    assert not stored(offer).is_archived
    assert "Tick the box to confirm" in text(response)


def test_archive_with_confirmation_archives_the_offer(staff, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(url("dashboard-offer-archive", offer), {"confirm": "yes"}, follow=True)
    assert stored(offer).is_archived
    html = text(response)
    assert "Offer archived." in html and "Archived: it is never shown again." in html
    assert url("dashboard-offer-archive", offer) not in html  # nothing left to archive


@pytest.mark.parametrize("name", ACTIONS)
def test_a_get_on_an_action_changes_nothing(staff, dashboard_offer, name):
    offer = dashboard_offer(isHidden=name == "dashboard-offer-enable")
    before = stored(offer)
    assert staff.get(url(name, offer), {"confirm": "yes"}).status_code == 405
    after = stored(offer)
    assert (after.is_hidden, after.is_archived, after.updated_at) == (
        before.is_hidden,
        before.is_archived,
        before.updated_at,
    )


@pytest.mark.parametrize("name", ["dashboard-offer", "dashboard-offer-edit"])
def test_another_companys_offer_pages_are_not_found(rival_staff, dashboard_offer, name):
    assert rival_staff.get(url(name, dashboard_offer())).status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_another_companys_offer_cannot_be_acted_on(rival_staff, dashboard_offer, name):
    offer = dashboard_offer(isHidden=name == "dashboard-offer-enable")
    before = stored(offer)
    assert rival_staff.post(url(name, offer), {"confirm": "yes"}).status_code == 404
    assert (stored(offer).is_hidden, stored(offer).is_archived) == (before.is_hidden, before.is_archived)


def test_another_companys_offer_cannot_be_edited(rival_staff, dashboard_offer):
    offer = dashboard_offer(title="Ours")
    assert rival_staff.post(url("dashboard-offer-edit", offer), offer_form(title="Theirs")).status_code == 404
    assert stored(offer).title == "Ours"


def test_an_unknown_offer_is_not_found(staff):
    assert staff.get(reverse("dashboard-offer", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, dashboard_offer):
    offer = dashboard_offer()
    for path in [reverse("dashboard-offers"), reverse("dashboard-offer-new")] + [
        url(name, offer) for name in ("dashboard-offer", "dashboard-offer-edit", *ACTIONS)
    ]:
        response = client.post(path) if path.endswith(("hide/", "enable/", "archive/")) else client.get(path)
        assert response.status_code == 302 and response.url.startswith(reverse("dashboard-login")), path


def test_enable_refused_by_the_concurrent_limit_names_the_full_period(staff, dashboard_offer):
    now = timezone.now()
    end = now + timedelta(days=30)
    for i in range(5):
        dashboard_offer(title=f"Live {i}", publishEndDate=iso_z(end))
    hidden = dashboard_offer(title="Waiting", isHidden=True)
    response = staff.post(url("dashboard-offer-enable", hidden), follow=True)
    html = text(response)
    assert "You already have 5 offers live between" in html and f"and {when(end, round_up=True)}." in html
    assert "Hide or archive one, or choose dates outside that period." in html
    assert stored(hidden).is_hidden


def test_an_offer_blocked_by_an_admin_cannot_be_enabled(staff, dashboard_offer):
    offer = dashboard_offer()
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam")
    page = staff.get(url("dashboard-offer", offer)).content.decode()
    assert "Blocked by an admin, who gave this reason: “Spam”" in page
    assert url("dashboard-offer-enable", offer) not in page and url("dashboard-offer-edit", offer) not in page
    response = staff.post(url("dashboard-offer-enable", offer), follow=True)
    assert "This offer is blocked by an admin" in text(response)
    assert stored(offer).hidden_reason == HiddenReason.ADMIN_REQUEST


def test_hiding_an_offer_already_hidden_says_so(staff, dashboard_offer):
    offer = dashboard_offer(isHidden=True)
    response = staff.post(url("dashboard-offer-hide", offer), follow=True)
    assert "This offer is already hidden." in text(response)


def test_a_blocked_company_is_told_why_it_cannot_hide(staff, owner_company, dashboard_offer):
    offer = dashboard_offer()
    company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Unpaid invoices")
    response = staff.post(url("dashboard-offer-hide", offer), follow=True)
    assert "Your company is blocked by the platform's admins, so offers cannot be" in text(response)
    assert stored(offer).hidden_reason == HiddenReason.COMPANY_BLOCKED


def test_a_disabled_company_is_told_why_it_cannot_enable(staff, owner_company, dashboard_offer):
    offer = dashboard_offer(isHidden=True)
    company_disable(actor=GOD, company_id=owner_company.pk)
    response = staff.post(url("dashboard-offer-enable", offer), follow=True)
    assert "Your company account is disabled" in text(response)
    assert stored(offer).is_hidden
