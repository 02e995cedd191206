"""The company disables and re-enables its own account from the dashboard; its offers follow."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from companies.models import Company
from offers.actors import GOD
from offers.models import HiddenReason, Offer
from offers.services.moderation import company_block
from tests.offers.dashboard_helpers import text

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("dashboard-account")


def test_disabling_hides_every_offer_with_the_company(staff, owner_company, dashboard_offer):
    live, scheduled = dashboard_offer(title="Live"), dashboard_offer(title="Later")
    response = staff.post(ACCOUNT, {"action": "disable", "confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard-company")
    assert "Your offers are hidden until you re-enable the account." in text(response)
    assert Company.objects.get(pk=owner_company.pk).is_disabled
    for offer in (live, scheduled):
        assert Offer.objects.get(pk=offer.pk).hidden_reason == HiddenReason.COMPANY_DISABLED


def test_disabling_without_the_confirmation_changes_nothing(staff, owner_company, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(ACCOUNT, {"action": "disable"}, follow=True)
    assert "Tick the box to confirm" in text(response)
    assert not Company.objects.get(pk=owner_company.pk).is_disabled
    assert not Offer.objects.get(pk=offer.pk).is_hidden


def test_re_enabling_brings_back_the_offers_hidden_with_the_account_only(staff, owner_company, dashboard_offer):
    live = dashboard_offer(title="Live")
    hidden_by_us = dashboard_offer(title="Ours, hidden", isHidden=True)
    staff.post(ACCOUNT, {"action": "disable", "confirm": "yes"})
    response = staff.post(ACCOUNT, {"action": "enable"}, follow=True)
    assert "Account re-enabled." in text(response)
    assert not Company.objects.get(pk=owner_company.pk).is_disabled
    assert not Offer.objects.get(pk=live.pk).is_hidden
    assert Offer.objects.get(pk=hidden_by_us.pk).hidden_reason == HiddenReason.COMPANY_REQUEST


def test_re_enabling_a_blocked_company_says_its_offers_stay_hidden(staff, owner_company, dashboard_offer):
    offer = dashboard_offer()
    staff.post(ACCOUNT, {"action": "disable", "confirm": "yes"})
    company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Unpaid invoices")
    response = staff.post(ACCOUNT, {"action": "enable"}, follow=True)
    assert "stay hidden while the platform's admins block the company" in text(response)
    assert Offer.objects.get(pk=offer.pk).hidden_reason == HiddenReason.COMPANY_BLOCKED


def test_an_unknown_action_changes_nothing(staff, owner_company):
    response = staff.post(ACCOUNT, {"action": "delete"}, follow=True)
    assert "Choose whether to disable or re-enable the account." in text(response)
    assert not Company.objects.get(pk=owner_company.pk).is_disabled


def test_a_get_changes_nothing(staff, owner_company):
    assert staff.get(ACCOUNT, {"action": "disable", "confirm": "yes"}).status_code == 405
    assert not Company.objects.get(pk=owner_company.pk).is_disabled


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.post(ACCOUNT, {"action": "disable", "confirm": "yes"})
    assert response.status_code == 302 and response.url.startswith(reverse("dashboard-login"))


def test_a_user_without_a_company_is_refused(outsider):
    assert outsider.post(ACCOUNT, {"action": "disable", "confirm": "yes"}).status_code == 403


def _account_form(user, company) -> str:
    request = RequestFactory().get(reverse("dashboard-company"))
    request.user, request.company = user, company
    return render_to_string("offers/_account_form.html", request=request)


def test_the_account_form_offers_to_disable_an_active_account_with_a_confirmation(owner_staff, owner_company):
    html = _account_form(owner_staff, owner_company)
    assert "Active" in html and 'value="disable"' in html and 'name="confirm"' in html
    assert f'action="{ACCOUNT}"' in html


def test_the_account_form_offers_to_re_enable_a_disabled_account(owner_staff, owner_company):
    owner_company.is_disabled = True
    html = _account_form(owner_staff, owner_company)
    assert "Disabled" in html and 'value="enable"' in html and 'name="confirm"' not in html
