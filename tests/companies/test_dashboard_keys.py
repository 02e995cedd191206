"""Partner keys in the dashboard: issued and shown once, listed by prefix, revoked after a confirmation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import PartnerKey
from companies.services import partner_key_issue
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard-keys")
ISSUE = reverse("dashboard-key-issue")


def revoke_url(key):
    return reverse("dashboard-key-revoke", args=[key.pk])


def issue(staff, label="ATS"):
    response = staff.post(ISSUE, {"label": label}, follow=True)
    assert response.status_code == 200
    raw = re.search(r'<code class="key" id="new-key">(sk_ext_[^<]+)</code>', response.content.decode()).group(1)
    return response, raw


def test_the_key_list_shows_prefixes_labels_and_an_issue_form(staff, owner_company):
    key = partner_key_issue(company=owner_company, label="Careers site").key
    response = staff.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{key.prefix}…" in html and "Careers site" in html and "never" in html
    assert f'action="{ISSUE}"' in html


def test_issuing_shows_the_full_key_once_with_a_warning_and_no_store(staff, owner_company):
    response, raw = issue(staff)
    html = response.content.decode()
    assert "It will never be shown again." in html
    assert 'id="copy-key"' in html and "Select the key above and copy it" in html
    # The copy button's script is a file (the CSP refuses inline scripts); tests/browser/test_csp_blocks_nothing.py
    # clicks it.
    assert '<script src="/static/js/key-issued.js" defer></script>' in html
    assert "no-store" in response["Cache-Control"]
    key = PartnerKey.objects.get(company=owner_company, label="ATS")
    assert raw.startswith(key.prefix)


def test_after_issuing_the_list_shows_only_the_prefix(staff, owner_company):
    _, raw = issue(staff)
    html = staff.get(LIST).content.decode()
    assert raw[:15] in html
    assert raw not in html


def test_an_issued_key_works_against_the_partner_api_until_revoked(staff, owner_company):
    _, raw = issue(staff)
    api = PartnerClient(raw)
    assert api.get("/jobs").status_code == 200
    key = PartnerKey.objects.get(company=owner_company, label="ATS")
    assert staff.post(revoke_url(key)).status_code == 302
    response = api.get("/jobs")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_SERVICE_KEY"


def test_the_revoke_confirmation_page_changes_nothing(staff, owner_company):
    key = partner_key_issue(company=owner_company).key
    response = staff.get(revoke_url(key))
    assert response.status_code == 200
    assert "Revoke this key" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is None


def test_revoking_records_the_time_and_the_list_shows_it_revoked(staff, owner_company):
    key = partner_key_issue(company=owner_company).key
    response = staff.post(revoke_url(key), follow=True)
    assert "revoked. Requests using it are now refused." in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_revoking_twice_says_it_was_already_revoked(staff, owner_company):
    key = partner_key_issue(company=owner_company).key
    staff.post(revoke_url(key))
    response = staff.post(revoke_url(key), follow=True)
    assert "was already revoked" in response.content.decode()


def test_another_companys_key_is_404_and_stays_active(staff, other_company):
    key = partner_key_issue(company=other_company).key
    assert staff.get(revoke_url(key)).status_code == 404
    assert staff.post(revoke_url(key)).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_opening_the_issue_url_directly_says_keys_are_shown_once_and_issues_nothing(staff, owner_company):
    response = staff.get(ISSUE)
    assert response.status_code == 200
    assert "This key was shown once; issue a new one if you lost it." in response.content.decode()
    assert not PartnerKey.objects.filter(company=owner_company).exists()


def test_a_label_over_100_characters_is_refused(staff, owner_company):
    response = staff.post(ISSUE, {"label": "x" * 101})
    assert response.status_code == 200
    assert "100 characters or fewer" in response.content.decode()
    assert not PartnerKey.objects.filter(company=owner_company).exists()


def test_active_keys_are_listed_before_revoked_ones(staff, owner_company):
    revoked = partner_key_issue(company=owner_company, label="old one").key
    staff.post(revoke_url(revoked))
    partner_key_issue(company=owner_company, label="older active")
    html = staff.get(LIST).content.decode()
    assert html.index("older active") < html.index("old one")


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_key_list_costs_the_same_queries_for_1_and_15_keys(staff, owner_company):
    partner_key_issue(company=owner_company)
    one = list_queries(staff)
    for _ in range(14):
        partner_key_issue(company=owner_company)
    assert list_queries(staff) == one
