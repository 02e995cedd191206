from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from companies.applications.services import company_application_submit, company_application_validate
from companies.models import Company, CompanyApplication, ModerationRecord
from jobboard.models import SearchAlert, SweepRun
from jobs.models import Charge, Job
from offers.actors import GOD
from offers.services.offers import offer_disable
from plumbing.models import OutboxMail
from tests.jobboard.conftest import OwnerObjects, owner_objects, owner_offer  # noqa: F401  (owner_objects: fixture)


@dataclass
class TenancyObjects:
    """The owner company's objects for every path parameter of every URL pattern, plus the admin's records."""

    owned: OwnerObjects
    company: Company
    company_slug: str
    paused: Job
    charge: Charge
    moderation_record: ModerationRecord
    sweep_run: SweepRun
    search_alert: SearchAlert
    outbox_mail: OutboxMail
    group: Group
    owner_user: object
    company_application: CompanyApplication
    sitemap_section: str = "jobs"

    def __getattr__(self, name):
        # job, draft, application, offer, key, member, webhook, delivery: the dashboard tests' objects.
        return getattr(self.owned, name)


@pytest.fixture
def tenancy_objects(owner_objects, owner_company, owner_staff, create_job, owner_api):  # noqa: F811
    paused = create_job(publish=True, title="Paused Engineer")
    assert owner_api.post(f"/jobs/{paused['id']}/pause").status_code == 200
    blocked = owner_offer(owner_company, title="Blocked offer")
    offer_disable(actor=GOD, offer_id=blocked.pk, admin_reason="Spam")
    return TenancyObjects(
        owned=owner_objects,
        company=owner_company,
        company_slug=owner_company.slug,
        paused=Job.objects.get(pk=paused["id"]),
        charge=Charge.objects.get(application=owner_objects.application),
        moderation_record=ModerationRecord.objects.latest("pk"),
        sweep_run=SweepRun.objects.create(task="tenancy-probe", last_run_at=timezone.now()),
        search_alert=SearchAlert.objects.create(
            email="probe@tenancy.example", query="q=probe", created_at=timezone.now(), confirm_token_hash="1" * 64
        ),
        outbox_mail=OutboxMail.objects.create(
            kind="test",
            to="probe@tenancy.example",
            subject="Probe",
            text="Probe",
            created_at=timezone.now(),
            give_up_at=timezone.now(),
        ),
        group=Group.objects.create(name="Moderators"),
        owner_user=owner_staff,
        company_application=_pending_application(),
    )


def _pending_application() -> CompanyApplication:
    """A company application waiting for review (its email confirmed)."""
    application = company_application_submit(
        email="apply@tenancy.example",
        password="orchard-lane-42",
        company_name="Tenancy Applicant",
        motivation="We hire people and would like to post here.",
        token="tenancy-signup-token",
    )
    company_application_validate(token="tenancy-signup-token")
    application.refresh_from_db()
    return application


@pytest.fixture
def superuser_session(db) -> Client:
    user = get_user_model().objects.create_superuser(
        username="admin@board.example", email="admin@board.example", password="pw-admin-123"
    )
    client = Client()
    client.force_login(user)
    return client
