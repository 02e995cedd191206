"""Headers every response carries (Permissions-Policy, Cross-Origin-Resource-Policy), and Cache-Control: no-store
on whatever holds a company's or an applicant's data: the signed-in dashboard, its applications CSV, both APIs."""

import pytest
from django.urls import reverse

from companies.services import company_user_create
from tests.helpers import PASSWORD, OffersClient

from .conftest import owner_offer
from .dashboard_urls import dashboard_urls, url_path

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
# Pages, feeds, discovery files, static files, both APIs, the admin, errors: none is meant to be embedded elsewhere.
EVERY_KIND_OF_RESPONSE = [
    "/",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/rss/",
    "/healthz",
    "/static/css/app.css",
    "/static/js/htmx.min.js",
    "/api/docs/",
    "/api/offers",
    "/api/external/v1/jobs",
    "/dashboard/login/",
    "/dashboard/",
    "/admin/login/",
    "/no-such-page/",
]


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", EVERY_KIND_OF_RESPONSE)
def test_every_response_refuses_camera_microphone_geolocation_and_payment(client, path):
    response = client.get(path)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY, path


@pytest.mark.parametrize("path", EVERY_KIND_OF_RESPONSE)
def test_every_response_may_be_loaded_by_this_site_only(client, path):
    response = client.get(path)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", path


@pytest.mark.parametrize("url", [u for u in dashboard_urls() if u.accepts_get and not u.is_public], ids=str)
def test_every_signed_in_dashboard_page_is_never_stored(staff, owner_objects, url):
    """Every GET URL under /dashboard/, listed from the resolver, so a page added later is checked too."""
    response = staff.get(url_path(url, owner_objects))
    assert response.status_code < 400, (url.name, response.status_code)
    assert no_store(response), (url.name, response.get("Cache-Control"))


def test_the_applications_csv_export_is_never_stored(staff, owner_objects):
    response = staff.get(reverse("dashboard-job-applications-csv", args=[owner_objects.job.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert no_store(response)


def test_partner_api_answers_with_applicants_are_never_stored(owner_api, owner_objects, anonymous_api):
    job_id, application_id = owner_objects.job.pk, owner_objects.application.pk
    for path in (f"/jobs/{job_id}/applications", f"/applications/{application_id}", "/jobs", f"/jobs/{job_id}"):
        response = owner_api.get(path)
        assert response.status_code == 200, (path, response.content)
        assert no_store(response), path
    assert no_store(anonymous_api.get("/jobs")), "a refusal is not kept either"


def test_offers_api_answers_to_a_signed_in_session_are_never_stored(owner_company):
    company_user_create(email="offers@owner.example", password=PASSWORD, company=owner_company)
    offer = owner_offer(owner_company)
    session = OffersClient(email="offers@owner.example")
    for path in ("/auth/me", f"/offers/{offer.pk}", f"/offers/company/{owner_company.pk}"):
        response = session.get(path)
        assert response.status_code == 200, (path, response.content)
        assert no_store(response), path


def test_the_public_board_job_and_offer_pages_stay_cacheable(client, owner_objects):
    for path in ("/", f"/jobs/{owner_objects.job.pk}", f"/offers/{owner_objects.offer.pk}", "/feeds/rss/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not no_store(response), path
