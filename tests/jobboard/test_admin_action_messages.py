"""Every moderation action in the Django admin says what it did, with counts and what followed from it
("2 companies disabled; 4 offers hidden with them"), and the admin's login asks for an email.
Read as an admin reads them: the messages on the page the action lands on."""

import pytest
from django.contrib.auth import get_user_model

from companies.models import Company
from companies.services import company_create, partner_key_issue
from jobs.api.serializers import JobCreateSerializer
from jobs.models import Job
from jobs.services.jobs import job_create
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db

COMPANIES = "/admin/companies/company/"


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser(
        username="root@board.example", email="root@board.example", password="pw-12345678"
    )
    client.force_login(user)
    return client


def company_with(name: str, *, offers: int, live_jobs: int, create_job_data) -> Company:
    company = company_create(name=name, accept_terms=True, payment_method=True)
    for i in range(offers):
        body = offer_body(title=f"{name} offer {i}")
        body.pop("publishDate")
        offer_create(actor=GOD, body={**body, "owner": company.pk})
    for _ in range(live_jobs):
        job_create(company=company, data=create_job_data(), publish=True)
    return company


@pytest.fixture
def job_data(complete_job_body):
    """The service's input for a complete job, from the API's body."""

    def _data():
        serializer = JobCreateSerializer(data=complete_job_body)
        serializer.is_valid(raise_exception=True)
        return serializer.to_service_data()

    return _data


@pytest.fixture
def two_companies(job_data):
    return [
        company_with("Acme", offers=2, live_jobs=1, create_job_data=job_data),
        company_with("Globex", offers=3, live_jobs=2, create_job_data=job_data),
    ]


def act(admin, url: str, action: str, objects, **extra) -> list[str]:
    response = admin.post(
        url, {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}, follow=True
    )
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_disable_then_enable_report_the_companies_and_their_offers_and_jobs(admin, two_companies):
    assert act(admin, COMPANIES, "disable_companies", two_companies) == [
        "2 companies disabled; 5 offers hidden with them; 3 live jobs off the board with them."
    ]
    assert Offer.objects.filter(is_hidden=True).count() == 5
    assert act(admin, COMPANIES, "enable_companies", two_companies) == [
        "2 companies enabled; 5 offers shown again; 3 live jobs back on the board."
    ]


def test_disabling_a_disabled_company_says_nothing_changed(admin, two_companies):
    acme, globex = two_companies
    act(admin, COMPANIES, "disable_companies", [acme])
    assert act(admin, COMPANIES, "disable_companies", [acme, globex]) == [
        "1 company disabled; 3 offers hidden with it; 2 live jobs off the board with it.",
        "Already disabled, so nothing changed: Acme.",
    ]


def test_block_and_unblock_report_counts_and_offers_kept_hidden_by_the_other_flag(admin, two_companies):
    acme, globex = two_companies
    blocked = act(admin, COMPANIES, "block_companies", two_companies, apply="1", admin_reason="Fake listings")
    assert blocked == ["2 companies blocked; 5 offers hidden with them; 3 live jobs off the board with them."]
    act(admin, COMPANIES, "disable_companies", [globex])
    assert act(admin, COMPANIES, "unblock_companies", two_companies) == [
        "2 companies unblocked; 2 offers shown again; 3 offers still hidden while their company is disabled; "
        "1 live job back on the board."
    ]
    assert act(admin, COMPANIES, "unblock_companies", [acme]) == ["Not blocked, so nothing changed: Acme."]


def test_offer_block_and_unblock_report_counts(admin, two_companies):
    offers = list(Offer.objects.filter(company=two_companies[1]))
    url = "/admin/offers/offer/"
    assert act(admin, url, "block_offers", offers[:2], apply="1", admin_reason="Spam") == [
        "2 offers blocked and hidden from candidates."
    ]
    assert act(admin, url, "unblock_offers", offers) == [
        "2 offers unblocked.",
        f"Not hidden, so nothing changed: “{offers[2]}”.",
    ]


def test_closing_jobs_and_revoking_keys_report_counts(admin, two_companies):
    jobs = list(Job.objects.all())
    assert act(admin, "/admin/jobs/job/", "close_jobs", jobs) == ["3 jobs closed; they no longer take applications."]
    keys = [partner_key_issue(company=two_companies[0]).key for _ in range(2)]
    act(admin, "/admin/companies/partnerkey/", "revoke_keys", keys[:1])
    assert act(admin, "/admin/companies/partnerkey/", "revoke_keys", keys) == [
        "1 key revoked; requests using it are now refused.",
        f"Already revoked, so nothing changed: {keys[0].prefix}….",
    ]


def test_the_admin_login_asks_for_an_email_and_accepts_one(client):
    get_user_model().objects.create_superuser(username="root", email="root@board.example", password="pw-12345678")
    page = client.get("/admin/login/").content.decode()
    assert '<label for="id_username" class="required">Email:</label>' in page
    assert "Username" not in page
    response = client.post("/admin/login/", {"username": "Root@Board.example", "password": "pw-12345678"})
    assert response.status_code == 302
