from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from companies.models import Membership, PartnerKey, StaffInvitation, WebhookDelivery, WebhookEndpoint
from companies.services import company_user_create, partner_key_issue, staff_invite
from companies.webhooks.endpoints import webhook_endpoint_create
from companies.webhooks.outbox import webhook_event_record
from jobs.models import Application, Job
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import offer_body

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass
class OwnerObjects:
    """One object of the owner company for every kind of dashboard URL parameter."""

    job: Job  # live, with an application
    draft: Job  # complete, could be published
    application: Application
    offer: Offer
    key: PartnerKey
    member: Membership  # a colleague of the owner's staff member, who could be removed
    invitation: StaffInvitation  # pending, so cancelling it would change it
    webhook: WebhookEndpoint  # switched off, so switching it on would change it
    delivery: WebhookDelivery  # failed, so sending it again would change it
    reset_uid: str
    reset_token: str


def apply_to(job_id, *, name="Ada Lovelace", email="ada@example.com", meets=()) -> Application:
    return application_submit(
        job_id=job_id, candidate_name=name, email=email, answers={}, met_qualification_ids=list(meets)
    )


def owner_offer(company, **overrides) -> Offer:
    """A live offer of the company (publish date left out: published now), created as the API would."""
    body = offer_body(**overrides)
    if "publishDate" not in overrides:
        body.pop("publishDate")
    return offer_create(actor=GOD, body={**body, "owner": company.pk})


@pytest.fixture
def owner_objects(owner_company, owner_staff, create_job) -> OwnerObjects:
    live = Job.objects.get(pk=create_job(publish=True)["id"])
    draft = Job.objects.get(pk=create_job(title="Draft Engineer")["id"])
    application = apply_to(live.pk, meets=live.qualifications.values_list("pk", flat=True))
    colleague = company_user_create(email="colleague@owner.example", password="pw-colleague-1", company=owner_company)
    # A company-wide cap, so an empty budgets form let through would visibly remove it.
    company_budget_set(company=owner_company, window="MONTHLY", budget_cents=50000)
    webhook = webhook_endpoint_create(company=owner_company, url="https://93.184.216.34/hooks", events=["offer.hidden"])
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"offerId": "1"})
    WebhookDelivery.objects.filter(event=event).update(status="FAILED", attempts=3, next_attempt_at=None)
    WebhookEndpoint.objects.filter(pk=webhook.endpoint.pk).update(is_active=False, disabled_reason="Failing")
    return OwnerObjects(
        job=live,
        draft=draft,
        application=application,
        offer=owner_offer(owner_company),
        key=partner_key_issue(company=owner_company, label="ATS").key,
        member=Membership.objects.get(user=colleague),
        invitation=staff_invite(company=owner_company, email="invitee@owner.example", invited_by=owner_staff),
        webhook=WebhookEndpoint.objects.get(pk=webhook.endpoint.pk),
        delivery=WebhookDelivery.objects.get(event=event),
        reset_uid=urlsafe_base64_encode(force_bytes(owner_staff.pk)),
        reset_token=default_token_generator.make_token(owner_staff),
    )


# Feeds and sitemap tests (tests/jobboard/test_feeds.py, test_sitemap.py).


@pytest.fixture
def offer_of(db):
    """Makes a live offer of a company, as the offers API would: owner_offer(company, **body overrides)."""
    return owner_offer


def sitemap_urls(client=None, **request_options) -> set[str]:
    """Every <loc> of every sitemap the index at /sitemap.xml lists, read as a crawler would."""
    client = client or Client()
    index = client.get("/sitemap.xml", **request_options)
    assert index.status_code == 200
    urls = set()
    for section in ElementTree.fromstring(index.content).iterfind(f"{{{SITEMAP_NS}}}sitemap/{{{SITEMAP_NS}}}loc"):
        parts = urlsplit(section.text)
        page = client.get(parts.path, dict(parse_qsl(parts.query)), **request_options)
        assert page.status_code == 200
        urls |= {
            loc.text
            for loc in ElementTree.fromstring(page.content).iterfind(f"{{{SITEMAP_NS}}}url/{{{SITEMAP_NS}}}loc")
        }
    return urls
