"""The alert pages work without JavaScript under the strict CSP (no inline script or style), and the board they
start from still sets no cookie."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_alert_form_is_a_plain_post_form_with_no_inline_script_or_style():
    response = Client().get("/alerts/new?q=python&workplace=remote")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post"' in page and 'name="email"' in page and 'type="radio"' in page
    assert "matching “python”" in page and "Filters: Remote" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "<style" not in page and " style=" not in page
    assert (
        "script-src 'self'" in response["Content-Security-Policy"].replace('"', "'")
        or "default-src" in (response["Content-Security-Policy"])
    )


def test_the_board_with_its_alert_link_still_sets_no_cookie():
    response = Client().get("/", {"q": "python"})
    assert "Email me new postings like these" in response.content.decode()
    assert not response.cookies
