"""Every dashboard list page runs as many queries for 12 rows as for 1: nothing is fetched per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.services import company_user_create, partner_key_issue, partner_key_revoke
from jobs.models import Job
from jobs.services.applications import application_mark_viewed, application_set_status

from .conftest import apply_to, owner_offer

pytestmark = pytest.mark.django_db


class Rows:
    """Adds rows of each kind to the owner company through the services, in a mix of states."""

    def __init__(self, company, create_job):
        self.company = company
        self.create_job = create_job
        self.job = None  # the job whose applications are listed on its own page
        self.counts = {"jobs": 0, "applications": 0, "offers": 0, "keys": 0, "members": 0}

    def target_job(self) -> Job:
        if self.job is None:
            self.job = Job.objects.get(pk=self.create_job(publish=True, title="Target")["id"])
        return self.job

    def add(self, kinds, count):
        for _ in range(count):
            for kind in kinds:
                getattr(self, f"_add_{kind}")(self.counts[kind])
                self.counts[kind] += 1

    def _add_jobs(self, i):
        self.create_job(publish=i % 2 == 0, title=f"Job {i}")

    def _add_applications(self, i):
        job = self.target_job()
        required = job.qualifications.filter(kind="REQUIRED").values_list("pk", flat=True)
        application = apply_to(
            job.pk, name=f"Candidate {i}", email=f"c{i}@example.com", meets=required if i % 2 else ()
        )
        if i % 3 == 1:
            application_mark_viewed(application=application)
        if i % 3 == 2:
            application_set_status(application=application, status="accepted")

    def _add_offers(self, i):
        # At most five can be live at once: the rest are hidden by the company.
        owner_offer(self.company, title=f"Offer {i}", **({"isHidden": True} if i >= 4 else {}))

    def _add_keys(self, i):
        key = partner_key_issue(company=self.company, label=f"Key {i}").key
        if i % 2:
            partner_key_revoke(key=key, now=timezone.now())

    def _add_members(self, i):
        company_user_create(email=f"member{i}@owner.example", password="pw-member-1", company=self.company)


@pytest.fixture
def rows(owner_company, create_job) -> Rows:
    return Rows(owner_company, create_job)


def queries_for(client, path) -> int:
    client.get(path)  # warm up what a first request loads once (session, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


LIST_PAGES = [
    ("dashboard", ("jobs", "applications", "offers")),
    ("dashboard-jobs", ("jobs",)),
    ("dashboard-applications", ("applications",)),
    ("dashboard-job-applications", ("applications",)),
    ("dashboard-offers", ("offers",)),
    ("dashboard-keys", ("keys",)),
    ("dashboard-team", ("members",)),
]


@pytest.mark.parametrize("name, kinds", LIST_PAGES, ids=[name for name, _ in LIST_PAGES])
def test_list_page_queries_do_not_grow_with_rows(staff, rows, name, kinds):
    path = reverse(name, args=[rows.target_job().pk] if name == "dashboard-job-applications" else [])
    rows.add(kinds, 1)
    one = queries_for(staff, path)
    rows.add(kinds, 11)
    many = queries_for(staff, path)
    assert many == one, f"{name}: {one} queries with 1 row of {', '.join(kinds)}, {many} with 12"
