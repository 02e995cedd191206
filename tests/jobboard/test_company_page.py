"""The public company page /companies/<slug>: the profile and only the postings a candidate can see now."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_set_blocked, company_set_disabled, company_update_profile
from jobs.models import Location
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from offers.services.offers import offer_hide
from plumbing.times import iso_z
from tests.helpers import offer_body
from tests.page_parsing import read_head

pytestmark = pytest.mark.django_db

LOGO = "https://owner.example/logo.png"


def make_offer(company, **overrides):
    body = offer_body(**overrides)
    if "publishDate" not in overrides:
        body.pop("publishDate")  # starts now
    return offer_create(actor=GOD, body={**body, "owner": company.pk}, now=timezone.now())


@pytest.fixture
def profile(owner_company):
    return company_update_profile(
        company=owner_company,
        name="Owner Co",
        logo_url=LOGO,
        bio="We build payroll software.\nSmall team, big impact.",
        contacts=["hello@owner.example", "+1 512 555 0100"],
    )


def test_the_profile_shows_name_logo_bio_and_contacts(client, profile):
    response = client.get(f"/companies/{profile.slug}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Owner Co</h1>" in content
    assert f'<img class="company-logo" src="{LOGO}" alt="Owner Co logo"' in content
    assert "<p>We build payroll software.<br>Small team, big impact.</p>" in content
    assert 'href="mailto:hello@owner.example"' in content and "+1 512 555 0100" in content
    assert "{#" not in content and "{%" not in content


def test_only_visible_jobs_and_offers_are_listed_newest_first(client, owner_company, owner_api, create_job):
    older = create_job(publish=True, title="Older job")
    newer = create_job(publish=True, title="Newer job")
    create_job(title="Draft job")
    paused = create_job(publish=True, title="Paused job")
    owner_api.post(f"/jobs/{paused['id']}/pause")
    live = make_offer(owner_company, title="Live offer")
    hidden = make_offer(owner_company, title="Hidden offer")
    offer_hide(actor=GOD, offer_id=hidden.pk)
    make_offer(owner_company, title="Scheduled offer", publishDate=iso_z(timezone.now() + timedelta(days=2)))
    content = client.get(f"/companies/{owner_company.slug}").content.decode()
    assert content.index("Newer job") < content.index("Older job")
    assert f'href="/jobs/{older["id"]}"' in content and f'href="/jobs/{newer["id"]}"' in content
    assert "Live offer" in content and f'href="/offers/{live.pk}"' in content
    for absent in ("Draft job", "Paused job", "Hidden offer", "Scheduled offer"):
        assert absent not in content
    assert 'Open jobs <span class="muted">(2)</span>' in content
    assert 'Offers <span class="muted">(1)</span>' in content


def test_a_company_with_nothing_open_says_so(client, owner_company):
    content = client.get(f"/companies/{owner_company.slug}").content.decode()
    assert "No open jobs right now." in content and "No open offers right now." in content


def test_another_companys_postings_are_not_listed(client, owner_company, other_api, complete_job_body, other_company):
    other_api.post("/jobs", {**complete_job_body, "title": "Rival job", "publish": True})
    make_offer(other_company, title="Rival offer")
    content = client.get(f"/companies/{owner_company.slug}").content.decode()
    assert "Rival job" not in content and "Rival offer" not in content


@pytest.mark.parametrize("hide", ["blocked", "disabled"])
def test_a_blocked_or_disabled_company_has_no_page(client, profile, create_job, hide):
    create_job(publish=True, title="Listed job")
    if hide == "blocked":
        company_set_blocked(company=profile, blocked=True, admin_reason="spam", actor=None)
    else:
        company_set_disabled(company=profile, disabled=True, actor=None)
    response = client.get(f"/companies/{profile.slug}")
    assert response.status_code == 404
    assert b"Owner Co" not in response.content and b"payroll" not in response.content
    assert b"Listed job" not in response.content


def test_an_unknown_slug_is_404(client, db):
    assert client.get("/companies/no-such-company").status_code == 404


def test_each_list_pages_on_its_own_query_parameter(client, owner_company, create_job, monkeypatch):
    monkeypatch.setattr("jobboard.views.POSTINGS_PER_PAGE", 2)
    for n in range(3):
        create_job(publish=True, title=f"Job number {n}")
    for n in range(3):
        make_offer(owner_company, title=f"Offer number {n}")
    first = client.get(f"/companies/{owner_company.slug}").content.decode()
    assert "Job number 2" in first and "Job number 1" in first and "Job number 0" not in first
    assert "Page 1 of 2" in first and 'href="?jobs_page=2"' in first and 'href="?offers_page=2"' in first
    second = client.get(f"/companies/{owner_company.slug}", {"offers_page": 2, "jobs_page": 2}).content.decode()
    assert "Job number 0" in second and "Job number 2" not in second
    assert "Offer number 0" in second and "Offer number 2" not in second
    # A page link of one list keeps the page of the other.
    assert 'href="?offers_page=2&amp;jobs_page=1"' in second
    assert read_head(second.encode()).links["canonical"].endswith("?jobs_page=2&offers_page=2")


@pytest.mark.parametrize("page", ["0", "-3", "abc", "999"])
def test_a_page_number_out_of_range_shows_a_real_page(client, owner_company, create_job, page):
    create_job(publish=True, title="Only job")
    response = client.get(f"/companies/{owner_company.slug}", {"jobs_page": page})
    assert response.status_code == 200 and b"Only job" in response.content


def test_canonical_link_open_graph_and_meta_description(client, profile):
    head = read_head(client.get(f"/companies/{profile.slug}").content)
    url = f"http://testserver/companies/{profile.slug}"
    assert head.links["canonical"] == url and head.meta["og:url"] == url
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Owner Co"
    assert head.meta["og:image"] == LOGO
    assert head.meta["og:description"] == "We build payroll software. Small team, big impact."
    assert head.meta["description"] == head.meta["og:description"]


def _page_queries(client, slug) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/companies/{slug}").status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_postings_or_their_locations(client, owner_company, create_job, austin):
    two_more_places = [
        {"locationId": pk} for pk in Location.objects.exclude(pk=austin.pk).values_list("pk", flat=True)[:2]
    ]
    body = {"locations": [{"locationId": austin.pk}, *two_more_places]}
    create_job(publish=True, **body)
    first_offer = make_offer(owner_company)
    one = _page_queries(client, owner_company.slug)
    for _ in range(9):
        create_job(publish=True, **body)
    # The concurrent-offer limit stops the service at 5 live offers; copies of the row are enough for a count.
    for _ in range(9):
        first_offer.pk = None
        first_offer.save()
    assert Offer.objects.count() == 10
    ten = _page_queries(client, owner_company.slug)
    assert one == ten
    content = client.get(f"/companies/{owner_company.slug}").content.decode()
    assert content.count("Austin, Texas, United States") == 10
