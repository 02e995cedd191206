"""Accepting the employer terms from the dashboard."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from companies.services import company_accept_terms

pytestmark = pytest.mark.django_db

URL = reverse("dashboard-terms")


@pytest.fixture
def no_terms(owner_company):
    Company.objects.filter(pk=owner_company.pk).update(terms_version_accepted="", terms_accepted_at=None)
    return owner_company


def test_the_terms_page_shows_the_current_version_the_text_and_that_we_accepted(staff, owner_company):
    html = staff.get(URL).content.decode()
    assert f"version {settings.CURRENT_EMPLOYER_TERMS_VERSION}" in html
    assert "You pay per qualified applicant." in html
    assert "Accepted" in html
    assert 'name="accept"' not in html


def test_a_company_that_has_not_accepted_sees_the_form(staff, no_terms):
    response = staff.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has not accepted the employer terms yet" in html
    assert 'name="accept"' in html


def test_accepting_records_the_current_version_and_returns_to_the_overview(staff, no_terms):
    response = staff.post(URL, {"accept": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "accepted the employer terms" in response.content.decode()
    no_terms.refresh_from_db()
    assert no_terms.terms_version_accepted == settings.CURRENT_EMPLOYER_TERMS_VERSION
    assert no_terms.terms_accepted_at is not None


def test_posting_without_ticking_the_box_changes_nothing_and_says_why(staff, no_terms):
    response = staff.post(URL, {})
    assert response.status_code == 200
    assert "Tick the box to accept the terms" in response.content.decode()
    no_terms.refresh_from_db()
    assert no_terms.terms_version_accepted == "" and no_terms.terms_accepted_at is None


def test_an_older_accepted_version_is_shown_as_outdated_and_can_be_replaced(staff, owner_company):
    Company.objects.filter(pk=owner_company.pk).update(terms_version_accepted="1999-01")
    html = staff.get(URL).content.decode()
    assert "Your acceptance is outdated." in html and "version 1999-01" in html
    staff.post(URL, {"accept": "on"})
    owner_company.refresh_from_db()
    assert owner_company.terms_version_accepted == settings.CURRENT_EMPLOYER_TERMS_VERSION


def test_accepting_the_same_version_again_keeps_the_first_acceptance_time(owner_company):
    first = Company.objects.get(pk=owner_company.pk).terms_accepted_at
    company_accept_terms(company=owner_company, now=timezone.now() + timedelta(days=3))
    assert Company.objects.get(pk=owner_company.pk).terms_accepted_at == first
    assert owner_company.terms_accepted_at == first
