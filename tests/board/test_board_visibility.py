"""The board shows what is publicly visible now, and a posting leaves it the instant it stops being visible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_set_blocked, company_set_disabled
from jobs.models import Job
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set
from jobs.services.jobs import job_close, job_pause, job_publish, job_resume
from offers.actors import GOD
from offers.models import Offer
from offers.services.offers import offer_archive, offer_disable, offer_hide
from tests.board.conftest import board_titles

# The lifecycle service behind each action the tests step through.
VERBS = {"publish": job_publish, "pause": job_pause, "resume": job_resume, "close": job_close}


@pytest.fixture
def live(create_job, owner_company, offer_of):
    job = create_job(title="Visible Job", publish=True)
    offer = offer_of(owner_company, title="Visible Offer")
    assert set(board_titles()) == {"Visible Job", "Visible Offer"}
    return Job.objects.get(pk=job["id"]), offer


def test_drafts_never_show(create_job):
    create_job(title="Draft Job")
    assert board_titles() == []


@pytest.mark.parametrize("action", ["pause", "close"])
def test_paused_and_closed_jobs_leave_the_board(live, owner_company, action):
    job, _ = live
    VERBS[action](company=owner_company, job_id=job.pk)
    assert board_titles() == ["Visible Offer"]


def test_an_expired_job_leaves_before_any_sweep(live):
    job, _ = live
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Job.objects.get(pk=job.pk).status == "ACTIVE"
    assert board_titles() == ["Visible Offer"]


def test_a_job_whose_budget_is_full_leaves_the_board(live, owner_company):
    job, _ = live
    company_budget_set(company=owner_company, window="LIFETIME", budget_cents=500)
    python = job.qualifications.get(text="Python")
    application_submit(
        job_id=job.pk, candidate_name="A", email="a@x.example", answers={}, met_qualification_ids=[python.pk]
    )
    assert board_titles() == ["Visible Offer"]


def test_an_ended_or_scheduled_offer_is_not_on_the_board(live, owner_company, offer_of, time_machine):
    offer_of(owner_company, title="Later Offer", publishDate=(timezone.now() + timedelta(days=1)).isoformat())
    assert "Later Offer" not in board_titles()
    _, offer = live
    time_machine.move_to(offer.publish_end_date + timedelta(seconds=1))
    assert "Visible Offer" not in board_titles()


@pytest.mark.parametrize("how", ["hide", "archive", "admin block"])
def test_hidden_archived_and_admin_blocked_offers_leave_the_board(live, how):
    _, offer = live
    if how == "hide":
        offer_hide(actor=GOD, offer_id=offer.pk)
    elif how == "archive":
        offer_archive(actor=GOD, offer_id=offer.pk)
    else:
        offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam")
    assert board_titles() == ["Visible Job"]


@pytest.mark.parametrize("standing", ["blocked", "disabled"])
def test_a_blocked_or_disabled_company_shows_nothing(live, owner_company, standing):
    if standing == "blocked":
        company_set_blocked(company=owner_company, blocked=True, admin_reason="Fraud", actor=None)
    else:
        company_set_disabled(company=owner_company, disabled=True, actor=None)
    assert Offer.objects.get().is_hidden is False  # only the company flag changed: visibility is decided at query time
    assert board_titles() == []
