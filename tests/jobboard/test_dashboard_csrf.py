"""Every dashboard POST without a CSRF token is refused with 403 and changes nothing, the public login,
logout and password forms included (a forged cross-site form must not act for a logged-in staff member)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from .dashboard_urls import POST_BODIES, dashboard_urls, stored_state, url_path

pytestmark = pytest.mark.django_db

URLS = dashboard_urls()


@pytest.fixture
def guarded_staff(owner_staff) -> Client:
    """The owner's staff member in a browser that checks CSRF tokens, as a real one does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner_staff)
    return client


@pytest.mark.parametrize("url", URLS, ids=str)
def test_post_without_csrf_token_is_refused_and_changes_nothing(guarded_staff, owner_objects, mailoutbox, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = guarded_staff.post(path, POST_BODIES.get(url.name, {}))
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()
    assert stored_state() == before
    assert mailoutbox == []


def test_logout_without_csrf_token_keeps_the_session(guarded_staff):
    assert guarded_staff.post(reverse("dashboard-logout")).status_code == 403
    assert guarded_staff.get(reverse("dashboard")).status_code == 200


def test_the_same_post_with_the_pages_csrf_token_goes_through(guarded_staff, owner_objects):
    """The refusals above are about the token: the form's own token makes the same POST work."""
    page = guarded_staff.get(reverse("dashboard-keys")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = guarded_staff.post(
        reverse("dashboard-key-issue"), {"label": "CI", "csrfmiddlewaretoken": token}, follow=True
    )
    assert response.status_code == 200
    assert "Your new partner key" in response.content.decode()
