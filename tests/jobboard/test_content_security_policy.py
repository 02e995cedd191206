"""Every page answers with a strict Content-Security-Policy and holds nothing that policy would refuse: no inline
script, no inline style, no event-handler attribute. Only the pages that show a company's logo allow images from
other hosts, and the API docs (Swagger UI) start from a script file."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from companies.services import company_update_profile

from .conftest import owner_offer
from .dashboard_urls import dashboard_urls, url_path

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
LOGO = "https://cdn.owner.example/logo.png"


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


class _InlineFinder(HTMLParser):
    """What a strict CSP blocks in a page's markup."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'{name}="{attrs[name]}" on <{tag}> at line {self.getpos()[0]}')


def inline_code(response) -> list[str]:
    finder = _InlineFinder()
    finder.feed(response.content.decode())
    return finder.found


def public_paths(objects, company) -> list[str]:
    return ["/", f"/jobs/{objects.job.pk}", f"/offers/{objects.offer.pk}", f"/companies/{company.slug}"]


def test_public_pages_answer_with_the_strict_site_policy(client, owner_objects, owner_company):
    for path in public_paths(owner_objects, owner_company)[:3] + ["/dashboard/login/", "/api/external/v1/jobs"]:
        assert policy(client.get(path)) == SITE_POLICY, path


def test_dashboard_and_admin_pages_answer_with_the_strict_site_policy(staff, admin_client, owner_objects):
    for path in ("/dashboard/", "/dashboard/offers/new/", f"/dashboard/applications/{owner_objects.application.pk}/"):
        assert policy(staff.get(path)) == SITE_POLICY, path
    for path in ("/admin/", "/admin/offers/offer/", f"/admin/offers/offer/{owner_objects.offer.pk}/change/"):
        assert policy(admin_client.get(path)) == SITE_POLICY, path


@pytest.mark.parametrize("url", [u for u in dashboard_urls() if u.accepts_get], ids=str)
def test_no_dashboard_page_holds_inline_script_or_style(staff, owner_objects, url):
    response = staff.get(url_path(url, owner_objects))
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response) == [], url.name


def test_no_public_page_holds_inline_script_or_style(client, owner_objects, owner_company):
    company_update_profile(company=owner_company, name=owner_company.name, logo_url=LOGO, bio="", contacts=[])
    for path in public_paths(owner_objects, owner_company) + ["/dashboard/login/", "/dashboard/password-reset/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response) == [], path


def test_the_key_issued_and_offer_form_pages_load_their_scripts_from_files(staff):
    issued = staff.post(reverse("dashboard-key-issue"), {"label": "ATS"}, follow=True)
    assert '<script src="/static/js/key-issued.js" defer></script>' in issued.content.decode()
    assert inline_code(issued) == []
    form = staff.get(reverse("dashboard-offer-new"))
    assert '<script src="/static/js/offer-form.js" defer></script>' in form.content.decode()
    assert inline_code(form) == []


def test_only_the_pages_showing_a_company_logo_allow_images_from_other_hosts(client, staff, owner_company):
    company_update_profile(company=owner_company, name=owner_company.name, logo_url=LOGO, bio="", contacts=[])
    public = client.get(f"/companies/{owner_company.slug}")
    profile = staff.get(reverse("dashboard-company"))
    for page in (public, profile):
        assert f'src="{LOGO}"' in page.content.decode()
        assert {**policy(page), "img-src": SITE_POLICY["img-src"]} == SITE_POLICY
        assert set(policy(page)["img-src"]) == {"'self'", "https:", "http:"}
    offer = owner_offer(owner_company)
    assert policy(client.get(f"/offers/{offer.pk}"))["img-src"] == ["'self'"]


def test_the_api_docs_start_swagger_ui_from_a_script_file_under_the_site_policy(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert inline_code(page) == []
    assert policy(page)["script-src"] == ["'self'"] and policy(page)["style-src"] == ["'self'"]
    # Swagger UI's stylesheet draws its icons as data: images; that is all the page adds.
    assert policy(page)["img-src"] == ["'self'", "data:"]
    start = re.search(r'<script src="(/api/docs/\?script=)"', page.content.decode())
    assert start, "the start script is not loaded from a file"
    script = client.get(start.group(1))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode() and "/api/schema/" in script.content.decode()
