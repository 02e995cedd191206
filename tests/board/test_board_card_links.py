"""Each board card links to its posting and its company at the addresses Django's URLconf gives them, also
under a script prefix (a deployment below a path), though the card builds its links from a route reversed once."""

import pytest
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix

from jobboard.templatetags.board import detail_url
from jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["/", "/board-app/"])
def test_detail_links_are_the_urlconf_addresses_of_the_posting_and_company(prefix):
    set_script_prefix(prefix)
    try:
        for name, key in [
            ("job-detail", "0f4c6c1e-2a43-4b8f-9f1f-3c3b8f0e9a11"),
            ("offer-detail", 12345),
            ("offer-detail", "a b é?"),
            ("company-detail", "acme-robotics"),
        ]:
            assert detail_url(name, key) == reverse(name, args=[key])
            assert detail_url(name, key).startswith(prefix)
    finally:
        clear_script_prefix()


def test_a_card_shows_the_title_company_facts_and_date_and_links_to_the_posting_and_company(
    create_job, owner_company, offer_of
):
    job = Job.objects.get(pk=create_job(title="Rust <Engineer>", publish=True)["id"])
    offer = offer_of(owner_company, title="Summer intern")
    page = Client().get("/").content.decode()
    assert f'<a href="{reverse("job-detail", args=[job.pk])}">Rust &lt;Engineer&gt;</a>' in page
    assert f'<a href="{reverse("offer-detail", args=[offer.pk])}">Summer intern</a>' in page
    company_link = f'<a href="{reverse("company-detail", args=[owner_company.slug])}">{owner_company.name}</a>'
    assert page.count(company_link) == 2
    assert "Hybrid: Austin, Texas, United States · Full time · $100,000–$150,000 per year" in page
    assert f"Posted {job.published_at:%-d %b %Y}" in page
