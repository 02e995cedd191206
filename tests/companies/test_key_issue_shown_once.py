"""Issuing a partner key answers with a redirect (POST/redirect/GET): the page after it shows the key and a
ready-to-run curl line once, and a reload or a later visit issues nothing and says the key was shown once."""

import re

import pytest
from django.urls import reverse

from companies.dashboard_views import ISSUED_KEY_SESSION
from companies.models import PartnerKey

pytestmark = pytest.mark.django_db

ISSUE = reverse("dashboard-key-issue")
SHOWN_ONCE = "This key was shown once; issue a new one if you lost it."


def test_issuing_redirects_to_a_page_that_shows_the_key_and_a_curl_line_once(staff, owner_company):
    response = staff.post(ISSUE, {"label": "ATS"})
    assert response.status_code == 302
    assert response["Location"] == ISSUE

    shown = staff.get(ISSUE)
    html = shown.content.decode()
    raw = re.search(r'<code class="key" id="new-key">(sk_ext_[^<]+)</code>', html).group(1)
    assert f"curl -H 'Authorization: Bearer {raw}' http://testserver/api/external/v1/jobs</code>" in html
    assert "no-store" in shown["Cache-Control"]
    assert ISSUED_KEY_SESSION not in staff.session

    reloaded = staff.get(ISSUE).content.decode()
    assert SHOWN_ONCE in reloaded
    assert raw not in reloaded
    assert PartnerKey.objects.filter(company=owner_company).count() == 1


def test_the_curl_line_names_the_host_the_staff_member_used(staff, owner_company):
    staff.post(ISSUE, {"label": "ATS"})
    html = staff.get(ISSUE, HTTP_HOST="localhost:8001").content.decode()
    assert "http://localhost:8001/api/external/v1/jobs</code>" in html
