"""Renaming a company refreshes what search knows of its postings, from the dashboard and from the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jobs.models import Job
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import offer_body


@pytest.fixture
def posted(owner_company, create_job):
    job = create_job(publish=True)
    body = offer_body()
    body.pop("publishDate")
    offer_create(actor=GOD, body={**body, "owner": owner_company.pk})
    return job


def offers_found(name: str) -> int:
    return len(Client().get("/api/offers", {"value": name}).json()["results"])


def jobs_found(name: str) -> int:
    return Job.objects.filter(search_vector=name).count()


def profile(name: str) -> dict:
    return {"name": name, "logo_url": "", "bio": "", "contacts": ""}


def test_a_rename_in_the_dashboard_makes_postings_searchable_by_the_new_name(staff, posted):
    assert offers_found("Zanzibarium") == 0 and jobs_found("Zanzibarium") == 0
    response = staff.post("/dashboard/company/", profile("Zanzibarium Labs"))
    assert response.status_code == 302
    assert offers_found("Zanzibarium") == 1 and jobs_found("Zanzibarium") == 1
    assert offers_found("Owner") == 0


def test_a_rename_in_the_admin_makes_postings_searchable_by_the_new_name(owner_company, posted):
    admin = get_user_model().objects.create_superuser(username="root@x.example", email="root@x.example", password="x")
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/companies/company/{owner_company.pk}/change/",
        {
            "name": "Quokkaville",
            "slug": owner_company.slug,
            "logo_url": "",
            "bio": "",
            "contacts": "[]",
            "terms_version_accepted": owner_company.terms_version_accepted,
            "payment_card_brand": owner_company.payment_card_brand,
            "payment_card_last4": owner_company.payment_card_last4,
            "budgets-TOTAL_FORMS": "0",
            "budgets-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert offers_found("Quokkaville") == 1 and jobs_found("Quokkaville") == 1
