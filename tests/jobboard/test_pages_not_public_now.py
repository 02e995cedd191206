"""Every posting or company page that is not public now answers the site's own page (its header, a way back to the
board, none of the posting's content), in DEBUG too: 410 for what ended for good, 404 for what may come back."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from companies.services import company_set_blocked, company_set_disabled
from jobboard.error_pages import server_error
from jobs.models import Job
from offers.actors import GOD
from offers.models import Offer
from offers.services.offers import offer_archive, offer_disable, offer_hide
from tests.jobboard.conftest import owner_offer

pytestmark = pytest.mark.django_db

SECRET = "Secret sauce recipe"


def _job(create_job, owner_api, action=None):
    job = create_job(publish=True, title="Hidden Title Engineer", description=SECRET)
    if action:
        owner_api.post(f"/jobs/{job['id']}/{action}")
    return f"/jobs/{job['id']}"


def closed_job(create_job, owner_api, owner_company):
    return _job(create_job, owner_api, "close")


def paused_job(create_job, owner_api, owner_company):
    return _job(create_job, owner_api, "pause")


def expired_job(create_job, owner_api, owner_company):
    path = _job(create_job, owner_api)
    Job.objects.filter(pk=path.rsplit("/", 1)[1]).update(expires_at=timezone.now() - timedelta(minutes=1))
    return path


def _offer(owner_company) -> Offer:
    return owner_offer(owner_company, title="Hidden Title Intern", description=f"<p>{SECRET}</p>")


def archived_offer(create_job, owner_api, owner_company):
    return f"/offers/{offer_archive(actor=GOD, offer_id=_offer(owner_company).pk).pk}"


def ended_offer(create_job, owner_api, owner_company):
    offer = _offer(owner_company)
    Offer.objects.filter(pk=offer.pk).update(publish_end_date=timezone.now() - timedelta(minutes=1))
    return f"/offers/{offer.pk}"


def hidden_offer(create_job, owner_api, owner_company):
    return f"/offers/{offer_hide(actor=GOD, offer_id=_offer(owner_company).pk).pk}"


def blocked_offer(create_job, owner_api, owner_company):
    return f"/offers/{offer_disable(actor=GOD, offer_id=_offer(owner_company).pk, admin_reason='Misleading').pk}"


def disabled_company(create_job, owner_api, owner_company):
    company_set_disabled(company=owner_company, disabled=True, actor=None)
    return f"/companies/{owner_company.slug}"


def blocked_company(create_job, owner_api, owner_company):
    company_set_blocked(company=owner_company, blocked=True, admin_reason="spam", actor=None)
    return f"/companies/{owner_company.slug}"


@pytest.mark.parametrize(
    "make, status, heading",
    [
        (closed_job, 410, "This job has ended"),
        (expired_job, 410, "This job has ended"),
        (paused_job, 404, "This job is not available"),
        (archived_offer, 410, "This offer has ended"),
        (ended_offer, 410, "This offer has ended"),
        (hidden_offer, 404, "This offer is not available"),
        (blocked_offer, 404, "This offer is not available"),
        (disabled_company, 404, "This company page is not available"),
        (blocked_company, 404, "This company page is not available"),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_a_page_that_is_not_public_now_is_the_sites_friendly_page_even_in_debug(
    client, settings, create_job, owner_api, owner_company, make, status, heading
):
    path = make(create_job, owner_api, owner_company)
    settings.DEBUG = True
    response = client.get(path)
    content = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in content
    assert 'class="site-header"' in content
    assert '<a class="button" href="/">See the postings open now</a>' in content
    assert SECRET not in content and "Hidden Title" not in content and "Owner Co" not in content
    assert "Technical" not in content and "Django" not in content


def test_an_unknown_address_is_the_sites_not_found_page(client):
    response = client.get("/no-such-page/anywhere")
    content = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in content and 'class="site-header"' in content
    assert 'href="/">See the postings open now</a>' in content


def test_a_server_error_is_the_sites_page_rendered_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/jobs/")
    with django_assert_num_queries(0):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            response = server_error(request)
    content = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in content and 'class="site-header"' in content
    assert 'href="/">Back to the job board</a>' in content and "boom" not in content
