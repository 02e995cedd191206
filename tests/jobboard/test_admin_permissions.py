"""The Django admin writes only with the permission each write needs, through the services, and keeps the ledger.

A staff user with view permissions only can read every page but close, revoke, block, disable or delete nothing;
a moderator (offers.moderate_offer) can, and each moderation is recorded.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import ProtectedError
from django.test import Client

from companies.models import Company, ModerationRecord, PartnerKey
from companies.services import partner_key_issue
from jobs.choices import JobStatus
from jobs.models import Charge, CompanyBudget, Job
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set
from offers.actors import GOD
from offers.models import Offer
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_disable

pytestmark = pytest.mark.django_db

VIEW_PERMISSIONS = [
    ("companies", "view_company"),
    ("companies", "view_partnerkey"),
    ("companies", "view_moderationrecord"),
    ("jobs", "view_job"),
    ("jobs", "view_charge"),
    ("jobs", "view_companybudget"),
    ("offers", "view_offer"),
]

COMPANIES = "/admin/companies/company/"
OFFERS = "/admin/offers/offer/"
JOBS = "/admin/jobs/job/"
KEYS = "/admin/companies/partnerkey/"

MODERATION_ACTIONS = {
    COMPANIES: {"block_companies", "unblock_companies", "disable_companies", "enable_companies"},
    OFFERS: {"block_offers", "unblock_offers"},
    JOBS: {"close_jobs"},
    KEYS: {"revoke_keys"},
}


@dataclass
class Board:
    company: Company
    job: Job
    offer: Offer
    key: PartnerKey


@pytest.fixture
def board(owner_company, create_job, offer_of) -> Board:
    return Board(
        company=owner_company,
        job=Job.objects.get(pk=create_job(publish=True)["id"]),
        offer=offer_of(owner_company),
        key=partner_key_issue(company=owner_company, label="ATS").key,
    )


def _staff_client(email: str, *, moderator: bool) -> tuple[Client, object]:
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-staff-123", is_staff=True)
    for app_label, codename in VIEW_PERMISSIONS:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if moderator:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="offers", codename="moderate_offer"))
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def viewer(db) -> Client:
    return _staff_client("viewer@board.example", moderator=False)[0]


@pytest.fixture
def moderator(db) -> tuple[Client, object]:
    return _staff_client("moderator@board.example", moderator=True)


@pytest.fixture
def superuser(db) -> Client:
    user = get_user_model().objects.create_superuser(username="root", email="root@board.example", password="pw-root-1")
    client = Client()
    client.force_login(user)
    return client


def listed_actions(client: Client, url: str) -> set[str]:
    """The action names the changelist offers in its action menu (none when it shows no menu)."""
    response = client.get(url)
    assert response.status_code == 200
    action_form = response.context["action_form"]
    if action_form is None:
        return set()
    return {name for name, _ in action_form.fields["action"].choices if name}


def stored_state(board: Board) -> dict:
    company = Company.objects.get(pk=board.company.pk)
    offer = Offer.objects.get(pk=board.offer.pk)
    return {
        "company": (company.is_blocked, company.admin_reason, company.is_disabled),
        "offer": (offer.is_hidden, offer.hidden_reason, offer.admin_reason),
        "job": Job.objects.get(pk=board.job.pk).status,
        "key_revoked_at": PartnerKey.objects.get(pk=board.key.pk).revoked_at,
        "moderation_records": ModerationRecord.objects.count(),
    }


def test_a_viewer_sees_the_admin_lists_but_no_moderation_action(viewer, board):
    for url in MODERATION_ACTIONS:
        assert listed_actions(viewer, url) == set(), url


def test_a_moderator_sees_every_moderation_action(moderator, board):
    client, _ = moderator
    for url, actions in MODERATION_ACTIONS.items():
        assert listed_actions(client, url) == actions, url


CRAFTED = [
    (COMPANIES, "block_companies", "company", {"apply": "1", "admin_reason": "Fake company"}),
    (COMPANIES, "disable_companies", "company", {}),
    (COMPANIES, "unblock_companies", "company", {}),
    (COMPANIES, "enable_companies", "company", {}),
    (OFFERS, "block_offers", "offer", {"apply": "1", "admin_reason": "Discriminatory wording"}),
    (OFFERS, "unblock_offers", "offer", {}),
    (JOBS, "close_jobs", "job", {}),
    (KEYS, "revoke_keys", "key", {}),
]


@pytest.mark.parametrize(("url", "action", "target", "extra"), CRAFTED, ids=[c[1] for c in CRAFTED])
def test_a_crafted_moderation_post_by_a_viewer_changes_nothing(viewer, board, url, action, target, extra):
    if action in ("unblock_companies", "enable_companies", "unblock_offers"):
        # Something to lift, so a lift that slipped through would show.
        company_block(actor=GOD, company_id=board.company.pk, admin_reason="Spam")
        company_disable(actor=GOD, company_id=board.company.pk)
        offer_disable(actor=GOD, offer_id=board.offer.pk, admin_reason="Spam")
    before = stored_state(board)
    selected = getattr(board, target).pk
    response = viewer.post(url, {"action": action, "_selected_action": [selected], "index": "0", **extra})
    assert response.status_code in (200, 302, 403)
    assert stored_state(board) == before


def test_a_crafted_disable_by_a_viewer_is_answered_without_an_error_page(viewer, board):
    response = viewer.post(COMPANIES, {"action": "disable_companies", "_selected_action": [board.company.pk]})
    assert response.status_code in (200, 302, 403)
    assert not Company.objects.get(pk=board.company.pk).is_disabled


def test_a_moderator_closes_a_job_and_the_close_is_recorded(moderator, board):
    client, user = moderator
    response = client.post(JOBS, {"action": "close_jobs", "_selected_action": [board.job.pk]})
    assert response.status_code == 302
    assert Job.objects.get(pk=board.job.pk).status == JobStatus.CLOSED
    record = ModerationRecord.objects.get(action="job_close")
    assert (record.actor, record.target_type, record.target_id) == (user, "job", str(board.job.pk))
    assert record.created_at is not None


def test_a_moderator_revokes_a_key_and_the_revocation_is_recorded(moderator, board):
    client, user = moderator
    response = client.post(KEYS, {"action": "revoke_keys", "_selected_action": [board.key.pk]})
    assert response.status_code == 302
    assert PartnerKey.objects.get(pk=board.key.pk).revoked_at is not None
    record = ModerationRecord.objects.get(action="partner_key_revoke")
    assert (record.actor, record.target_type, record.target_id) == (user, "partner_key", str(board.key.pk))


def test_a_moderator_blocks_and_disables_a_company_and_both_are_recorded(moderator, board):
    client, user = moderator
    client.post(
        COMPANIES,
        {"action": "block_companies", "_selected_action": [board.company.pk], "apply": "1", "admin_reason": "Fake"},
    )
    client.post(COMPANIES, {"action": "disable_companies", "_selected_action": [board.company.pk]})
    company = Company.objects.get(pk=board.company.pk)
    assert company.is_blocked and company.is_disabled and company.admin_reason == "Fake"
    assert Offer.objects.get(pk=board.offer.pk).is_hidden
    recorded = set(ModerationRecord.objects.filter(actor=user, target_id=str(company.pk)).values_list("action"))
    assert recorded == {("company_block",), ("company_disable",)}


def test_a_moderator_blocks_an_offer_and_the_block_is_recorded(moderator, board):
    client, user = moderator
    client.post(
        OFFERS, {"action": "block_offers", "_selected_action": [board.offer.pk], "apply": "1", "admin_reason": "Spam"}
    )
    offer = Offer.objects.get(pk=board.offer.pk)
    assert offer.hidden_reason == "ADMIN_REQUEST" and offer.admin_reason == "Spam"
    assert ModerationRecord.objects.filter(actor=user, target_id=str(offer.pk)).exists()


@pytest.mark.parametrize("url", [COMPANIES, OFFERS, JOBS])
def test_delete_selected_is_not_offered_even_to_a_superuser(superuser, board, url):
    assert "delete_selected" not in listed_actions(superuser, url)


@pytest.mark.parametrize(("url", "target"), [(COMPANIES, "company"), (OFFERS, "offer"), (JOBS, "job")])
def test_a_crafted_delete_selected_deletes_nothing(superuser, board, url, target):
    selected = getattr(board, target).pk
    response = superuser.post(url, {"action": "delete_selected", "_selected_action": [selected], "post": "yes"})
    assert response.status_code in (200, 302, 403)
    assert type(getattr(board, target)).objects.filter(pk=selected).exists()


@pytest.mark.parametrize(
    ("path", "target"),
    [("companies/company", "company"), ("offers/offer", "offer"), ("jobs/job", "job"), ("companies/partnerkey", "key")],
)
def test_the_delete_page_of_a_company_offer_job_or_key_is_refused(superuser, board, path, target):
    obj = getattr(board, target)
    assert superuser.get(f"/admin/{path}/{obj.pk}/delete/").status_code == 403
    assert superuser.post(f"/admin/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def _company_form(company: Company, **changes) -> dict:
    return {
        "name": company.name,
        "slug": company.slug,
        "logo_url": "",
        "bio": "",
        "contacts": "[]",
        "budgets-TOTAL_FORMS": "0",
        "budgets-INITIAL_FORMS": "0",
        **changes,
    }


def test_terms_and_payment_are_read_only_on_the_company_form(superuser, board):
    company = board.company
    before = Company.objects.filter(pk=company.pk).values(
        "terms_version_accepted", "terms_accepted_at", "payment_card_brand", "payment_card_last4"
    )[0]
    response = superuser.post(
        f"{COMPANIES}{company.pk}/change/",
        _company_form(
            company,
            name="Renamed Co",
            terms_version_accepted="1999-01",
            terms_accepted_at_0="1999-01-01",
            terms_accepted_at_1="00:00:00",
            payment_card_brand="amex",
            payment_card_last4="0000",
            payment_method_added_at_0="1999-01-01",
            payment_method_added_at_1="00:00:00",
        ),
    )
    assert response.status_code == 302
    after = Company.objects.filter(pk=company.pk).values(*before)[0]
    assert after == before
    assert Company.objects.get(pk=company.pk).name == "Renamed Co"
    page = superuser.get(f"{COMPANIES}{company.pk}/change/")
    assert not {"terms_version_accepted", "payment_card_last4"} & set(page.context["adminform"].form.fields)


def test_the_company_form_shows_budgets_but_writes_none(superuser, board):
    budget = company_budget_set(company=board.company, window="MONTHLY", budget_cents=50000)
    page = superuser.get(f"{COMPANIES}{board.company.pk}/change/")
    assert b"50000" in page.content
    response = superuser.post(
        f"{COMPANIES}{board.company.pk}/change/",
        _company_form(
            board.company,
            **{
                "budgets-TOTAL_FORMS": "2",
                "budgets-INITIAL_FORMS": "1",
                "budgets-0-id": str(budget.pk),
                "budgets-0-company": str(board.company.pk),
                "budgets-0-window": "MONTHLY",
                "budgets-0-budget_cents": "1",
                "budgets-0-DELETE": "on",
                "budgets-1-company": str(board.company.pk),
                "budgets-1-window": "DAILY",
                "budgets-1-budget_cents": "1",
            },
        ),
    )
    assert response.status_code == 302
    assert list(CompanyBudget.objects.filter(company=board.company).values_list("window", "budget_cents")) == [
        ("MONTHLY", 50000)
    ]


@pytest.fixture
def charge(board) -> Charge:
    required = board.job.qualifications.values_list("pk", flat=True)
    application = application_submit(
        job_id=board.job.pk, candidate_name="Ada", email="ada@example.com", answers={}, met_qualification_ids=required
    )
    return Charge.objects.get(application=application)


def test_a_charge_cannot_be_deleted_in_the_admin(superuser, charge):
    assert superuser.get(f"/admin/jobs/charge/{charge.pk}/change/").status_code == 200
    assert superuser.post(f"/admin/jobs/charge/{charge.pk}/delete/", {"post": "yes"}).status_code == 403
    assert "delete_selected" not in listed_actions(superuser, "/admin/jobs/charge/")
    assert Charge.objects.filter(pk=charge.pk).exists()


def test_deleting_a_job_or_company_with_charges_is_refused_by_the_ledger(charge):
    with pytest.raises(ProtectedError):
        Job.objects.get(pk=charge.job_id).delete()
    with pytest.raises(ProtectedError):
        Company.objects.get(pk=charge.company_id).delete()
    assert Charge.objects.filter(pk=charge.pk).exists()
