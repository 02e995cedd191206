"""Who reaches every dashboard URL, listed from the URL resolver so a new page cannot be missed.

Anonymous visitors are sent to log in and back; a logged-in user without a company gets the 403 page;
another company's staff get 404 for the owner's objects; the owner's staff get the page. Refused requests
change nothing stored.
"""

import pytest
from django.test import Client

from .dashboard_urls import METHODS, POST_BODIES, all_routes, dashboard_urls, login_redirect, stored_state, url_path

pytestmark = pytest.mark.django_db

URLS = dashboard_urls()
PROTECTED = [url for url in URLS if not url.is_public]
WITH_OBJECTS = [url for url in PROTECTED if url.params]
GET_ONLY = [url for url in PROTECTED if not url.accepts_post]
POST_CAPABLE = [url for url in PROTECTED if url.accepts_post]
NO_COMPANY_TEXT = "This account is not part of a company"


def by_name(urls):
    return pytest.mark.parametrize("url", urls, ids=str)


def test_every_dashboard_url_declares_its_methods():
    names = {url.name for url in URLS}
    missing = sorted(names - METHODS.keys())
    stale = sorted(METHODS.keys() - names)
    assert not missing, (
        f"Declare the methods of these new dashboard URLs in tests/jobboard/dashboard_urls.py: {missing}"
    )
    assert not stale, f"These URL names are no longer in the resolver; remove them from METHODS: {stale}"


def test_dashboard_url_names_are_unique():
    names = [url.name for url in URLS]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_every_route_under_dashboard_has_a_dashboard_name():
    unnamed = [
        route
        for name, route in all_routes()
        if route.startswith("dashboard/") and not (name or "").startswith("dashboard")
    ]
    assert unnamed == [], "Name these routes dashboard-…, so the access tests find them"


# --- GET -----------------------------------------------------------------------------------------------------------


@by_name(PROTECTED)
def test_anonymous_visitor_is_sent_to_login_and_back(client, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = client.get(path)
    if url.accepts_get:
        assert response.status_code == 302, response.content[:300]
        assert response["Location"] == login_redirect(path)
    else:
        # POST-only: either the method is refused first, or the visitor is sent to log in first.
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response["Location"] == login_redirect(path)
    assert stored_state() == before


@by_name(PROTECTED)
def test_user_without_a_company_gets_the_403_page(outsider, owner_objects, url):
    assert_no_company_page(outsider, url_path(url, owner_objects), url)


@by_name(PROTECTED)
def test_site_admin_without_a_company_gets_the_403_page(admin_client, owner_objects, url):
    """The platform's superuser moderates through the admin; the dashboard is a company's own."""
    assert_no_company_page(admin_client, url_path(url, owner_objects), url)


def assert_no_company_page(client, path: str, url) -> None:
    """A signed-in user of no company gets the 403 page that says so (or 405 where GET is refused), and nothing
    stored changes."""
    before = stored_state()
    response = client.get(path)
    if url.accepts_get:
        assert response.status_code == 403
        assert NO_COMPANY_TEXT in response.content.decode()
    else:
        assert response.status_code in (403, 405)
    assert stored_state() == before


@by_name(WITH_OBJECTS)
def test_other_company_staff_get_404_for_the_owners_objects(rival_staff, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = rival_staff.get(path)
    assert response.status_code == (404 if url.accepts_get else 405)
    assert stored_state() == before


@by_name(PROTECTED)
def test_owner_staff_get_each_page(staff, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = staff.get(path)
    if url.accepts_get:
        assert response.status_code == 200, response.content[:500]
    else:
        assert response.status_code == 405
        assert stored_state() == before


@by_name(GET_ONLY)
def test_get_only_pages_refuse_post_from_the_owner(staff, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = staff.post(path, {"title": "Injected"})
    assert response.status_code == 405, f"{url.name} answered a POST with {response.status_code}, not 405"
    assert stored_state() == before


# --- POST ----------------------------------------------------------------------------------------------------------


def post_body(url) -> dict:
    return POST_BODIES.get(url.name, {})


@by_name(POST_CAPABLE)
def test_anonymous_post_is_sent_to_login_and_changes_nothing(client, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = client.post(path, post_body(url))
    assert response.status_code == 302
    assert response["Location"] == login_redirect(path)
    assert stored_state() == before


@by_name(POST_CAPABLE)
def test_post_by_user_without_a_company_gets_403_and_changes_nothing(outsider, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = outsider.post(path, post_body(url))
    assert response.status_code == 403
    assert NO_COMPANY_TEXT in response.content.decode()
    assert stored_state() == before


@by_name([url for url in WITH_OBJECTS if url.accepts_post])
def test_post_by_other_company_staff_on_owner_objects_gets_404_and_changes_nothing(rival_staff, owner_objects, url):
    path = url_path(url, owner_objects)
    before = stored_state()
    response = rival_staff.post(path, post_body(url))
    assert response.status_code == 404
    assert stored_state() == before


def test_the_refused_posts_would_have_changed_something_for_the_owner(owner_objects, owner_staff):
    """The POST bodies above are not empty gestures: the owner's same requests change what is stored."""
    client = Client()
    client.force_login(owner_staff)
    for name in ("dashboard-job-close", "dashboard-offer-hide", "dashboard-key-revoke", "dashboard-team-remove"):
        url = next(url for url in URLS if url.name == name)
        before = stored_state()
        response = client.post(url_path(url, owner_objects), post_body(url))
        assert response.status_code == 302, name
        assert stored_state() != before, f"the owner's POST to {name} changed nothing"
