"""Every page, card and feed shows an enum value as the one label its app defines for it, never the code: a remote,
full-time senior job, an on-site job and an embedded/DevOps offer read "Remote", "Full time", "Senior level",
"On site" (as the board's Workplace filter says), "Embedded", "DevOps"."""

import re

import pytest
from django.test import Client

from jobs.models import Job
from tests.jobboard.conftest import owner_offer

pytestmark = pytest.mark.django_db

CODES = ("REMOTE", "FULL_TIME", "SENIOR", "EMBEDDED", "FULL-TIME", "ANNUAL", "REQUIRED", "PREFERRED", "ACTIVE")


def words(content: bytes) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def postings(create_job, owner_company):
    job = create_job(publish=True, remoteOption="REMOTE", remoteCountry="Canada", locations=[], jobLevel="SENIOR")
    offer = owner_offer(owner_company, title="Firmware Intern", fields=["EMBEDDED", "DEVOPS"], jobType="FULL-TIME")
    return Job.objects.get(pk=job["id"]), offer


def test_an_on_site_job_reads_on_site_on_its_page_card_and_feed(create_job):
    job = create_job(publish=True, title="Site Engineer", remoteOption="IN_PERSON")
    client = Client()
    assert "On site: Austin, Texas, United States" in words(client.get("/").content)
    assert "On site" in words(client.get(f"/jobs/{job['id']}").content)
    feed = client.get("/feeds/rss/").content.decode()
    assert "On site: Austin" in feed and "In person" not in feed and "IN_PERSON" not in feed


def test_public_pages_cards_and_feeds_show_labels_not_codes(postings):
    job, offer = postings
    client = Client()
    pages = {
        "board": words(client.get("/").content),
        "job page": words(client.get(f"/jobs/{job.pk}").content),
        "offer page": words(client.get(f"/offers/{offer.pk}").content),
        "company page": words(client.get(f"/companies/{job.company.slug}").content),
        "feed": client.get("/feeds/rss/").content.decode(),
    }
    for name, text in pages.items():
        for code in CODES:
            assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), (name, code)
    assert "Remote (Canada) · Full time" in pages["board"]
    assert "Full time · Embedded, DevOps" in pages["board"]
    assert "Level Senior level" in pages["job page"] and "Remote (Canada)" in pages["job page"]
    assert "Fields Embedded, DevOps" in pages["offer page"]


def test_dashboard_pages_show_labels_not_codes(staff, postings):
    job, offer = postings
    pages = {
        "job": words(staff.get(f"/dashboard/jobs/{job.pk}/").content),
        "jobs": words(staff.get("/dashboard/jobs/").content),
        "offer": words(staff.get(f"/dashboard/offers/{offer.pk}/").content),
        "offers": words(staff.get("/dashboard/offers/").content),
    }
    for name, text in pages.items():
        for code in CODES:
            assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), (name, code)
    assert "Full time · Senior level" in pages["job"] and "Python Required" in pages["job"]
    assert "Fields Embedded, DevOps" in pages["offer"] and "Full time" in pages["offers"]
