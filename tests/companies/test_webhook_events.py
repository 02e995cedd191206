"""Which changes announce which events, with what data: job status changes (the sweep's EXPIRED included),
budget windows filling, offers hidden by their company, blocked by an admin, hidden with their company, or
ended by the sweep."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from companies.models import WebhookEvent
from jobboard.tasks import end_offers, expire_jobs
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.applications import application_submit
from jobs.services.expiry import expire_due_jobs
from jobs.services.jobs import job_close, job_pause, job_publish, job_resume
from offers.actors import GOD, Actor
from offers.api import writes as offer_writes
from offers.api.writes import offer_create
from offers.exceptions import OfferError
from offers.models import Offer
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_archive, offer_disable, offer_hide
from tests.helpers import offer_body, run_in_parallel

# The lifecycle service behind each action the tests step through.
VERBS = {"publish": job_publish, "pause": job_pause, "resume": job_resume, "close": job_close}

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(receiver, subscribe, django_capture_on_commit_callbacks):
    """Subscribes the owner company to every event; `with delivered() as received:` runs a change, commits its
    callbacks as a real commit would, and yields the list of bodies the receiver got meanwhile."""
    subscribe(receiver.url)

    class Catch:
        def __enter__(self):
            self.start = len(receiver.requests)
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            self.bodies = []
            return self.bodies

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            self.bodies.extend(r.json for r in receiver.requests[self.start :])
            return False

    return Catch


def make_offer(company, **overrides):
    body = offer_body(owner=company.pk, **overrides)
    body.pop("publishDate")
    return offer_create(actor=GOD, body=body)


def due(job_id, *, status=JobStatus.ACTIVE):
    Job.objects.filter(pk=job_id).update(status=status, expires_at=timezone.now() - timedelta(minutes=1))


def test_publish_pause_resume_and_close_announce_each_status_change(owner_company, create_job, delivered):
    job = create_job()
    steps = []
    for action in ("publish", "pause", "resume", "close"):
        with delivered() as bodies:
            VERBS[action](company=owner_company, job_id=job["id"])
        steps.append([(b["type"], b["data"]) for b in bodies])
    jid = job["id"]
    assert steps == [
        [("job.status_changed", {"jobId": jid, "from": "DRAFT", "to": "ACTIVE"})],
        [("job.status_changed", {"jobId": jid, "from": "ACTIVE", "to": "PAUSED"})],
        [("job.status_changed", {"jobId": jid, "from": "PAUSED", "to": "ACTIVE"})],
        [("job.status_changed", {"jobId": jid, "from": "ACTIVE", "to": "CLOSED"})],
    ]


def test_a_refused_transition_announces_nothing(owner_company, create_job, delivered):
    job = create_job()
    with delivered() as bodies, pytest.raises(Exception, match="pause"):
        job_pause(company=owner_company, job_id=job["id"])
    assert bodies == [] and not WebhookEvent.objects.exists()


def test_a_job_expired_by_the_sweep_announces_active_or_paused_to_expired(owner_company, create_job, delivered):
    live, paused = create_job(publish=True), create_job(publish=True)
    due(live["id"])
    due(paused["id"], status=JobStatus.PAUSED)
    with delivered() as bodies:
        assert expire_jobs() == 2
    assert sorted((b["type"], b["data"]["jobId"], b["data"]["from"], b["data"]["to"]) for b in bodies) == sorted(
        [
            ("job.status_changed", live["id"], "ACTIVE", "EXPIRED"),
            ("job.status_changed", paused["id"], "PAUSED", "EXPIRED"),
        ]
    )
    with delivered() as bodies:
        assert expire_jobs() == 0
    assert bodies == []


def test_the_sweep_announces_only_to_companies_with_endpoints(owner_company, other_company, create_job, delivered):
    from jobs.services.jobs import job_create

    mine = create_job(publish=True)
    theirs = job_create(company=other_company, data={"title": "Theirs"})
    Job.objects.filter(pk=theirs.pk).update(status=JobStatus.ACTIVE)
    due(mine["id"])
    due(theirs.pk)
    with delivered() as bodies:
        assert expire_jobs() == 2
    assert [b["data"]["jobId"] for b in bodies] == [mine["id"]]
    assert WebhookEvent.objects.filter(company=other_company).count() == 0


@pytest.mark.django_db(transaction=True)
def test_overlapping_sweeps_announce_each_expired_job_once(owner_company, receiver, subscribe):
    subscribe(receiver.url, events=["job.status_changed"])
    now = timezone.now()
    Job.objects.bulk_create(
        Job(
            company=owner_company,
            title=f"Due {i}",
            status=JobStatus.ACTIVE,
            published_at=now - timedelta(days=31),
            expires_at=now - timedelta(seconds=1),
        )
        for i in range(300)
    )
    assert sum(run_in_parallel([expire_jobs, expire_jobs])) == 300
    announced = list(WebhookEvent.objects.values_list("data__jobId", flat=True))
    assert len(announced) == 300 and len(set(announced)) == 300
    assert len(receiver.wait_for(300)) == 300


@pytest.mark.django_db(transaction=True)
def test_a_job_being_paused_during_the_sweep_is_skipped_then_expired_by_the_next_sweep_from_paused(
    owner_company, create_job, receiver, subscribe
):
    subscribe(receiver.url, events=["job.status_changed"])
    job = create_job(publish=True)
    expires_at = timezone.now() + timedelta(hours=1)
    Job.objects.filter(pk=job["id"]).update(expires_at=expires_at)
    swept = []

    def sweep():
        try:
            swept.append(expire_due_jobs(now=expires_at + timedelta(seconds=1)))
        finally:
            connection.close()

    # The pause holds the job's row until it commits; the sweep runs meanwhile and must not wait for it.
    with transaction.atomic():
        job_pause(company=owner_company, job_id=job["id"], now=expires_at - timedelta(seconds=1))
        sweeper = threading.Thread(target=sweep)
        sweeper.start()
        sweeper.join(30)
    assert swept == [0] and Job.objects.get(pk=job["id"]).status == JobStatus.PAUSED

    assert expire_due_jobs(now=expires_at + timedelta(seconds=1)) == 1
    assert Job.objects.get(pk=job["id"]).status == JobStatus.EXPIRED
    announced = [e.data for e in WebhookEvent.objects.filter(type="job.status_changed").order_by("created_at")]
    assert announced[-2:] == [
        {"jobId": job["id"], "from": "ACTIVE", "to": "PAUSED"},
        {"jobId": job["id"], "from": "PAUSED", "to": "EXPIRED"},
    ]


def test_a_job_budget_window_filling_is_announced_once_per_window(owner_company, create_job, delivered):
    job = create_job(publish=True, budgets=[{"window": "DAILY", "budgetCents": 1000}])  # two bids of 500
    qualified = [int(q["id"]) for q in job["qualifications"] if q["kind"] == "REQUIRED"]
    emails = iter(f"c{n}@example.com" for n in range(3))  # one application per email and job

    def apply():
        with delivered() as bodies:
            application_submit(
                job_id=job["id"], candidate_name="C", email=next(emails), answers={}, met_qualification_ids=qualified
            )
        return [(b["type"], b["data"]) for b in bodies if b["type"] == "job.budget_exhausted"]

    assert apply() == []
    assert apply() == [("job.budget_exhausted", {"jobId": job["id"], "window": "DAILY"})]
    assert apply() == []  # charge skipped, window still full: announced already


def test_a_window_found_full_when_billing_is_announced(owner_company, create_job, delivered):
    """The window filled without an application (the budget was lowered): the next one, not billed, tells."""
    job = create_job(publish=True, budgets=[{"window": "WEEKLY", "budgetCents": 100}])  # less than one bid
    qualified = [int(q["id"]) for q in job["qualifications"] if q["kind"] == "REQUIRED"]
    with delivered() as bodies:
        application_submit(
            job_id=job["id"], candidate_name="C", email="c@example.com", answers={}, met_qualification_ids=qualified
        )
    assert [(b["type"], b["data"]) for b in bodies if b["type"] == "job.budget_exhausted"] == [
        ("job.budget_exhausted", {"jobId": job["id"], "window": "WEEKLY"})
    ]


def test_an_unqualified_application_announces_no_budget_event(owner_company, create_job, delivered):
    job = create_job(publish=True, budgets=[{"window": "DAILY", "budgetCents": 100}])
    with delivered() as bodies:
        application_submit(job_id=job["id"], candidate_name="C", email="c@e.com", answers={}, met_qualification_ids=[])
    assert [b["type"] for b in bodies] == ["application.created"]


def test_an_offer_blocked_by_an_admin_is_announced_hidden_once(owner_company, delivered):
    offer = make_offer(owner_company)
    with delivered() as bodies:
        offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam")
    assert [(b["type"], b["data"]) for b in bodies] == [
        ("offer.hidden", {"offerId": str(offer.pk), "hiddenReason": "ADMIN_REQUEST"})
    ]
    with delivered() as bodies, pytest.raises(OfferError, match="offer-blocked-by-admin"):
        offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam, again")
    assert bodies == []


def _hidden_by_its_company(offer, company):
    offer_hide(actor=Actor("company", company=company), offer_id=offer.pk)


def _archived(offer, company):
    offer_archive(actor=Actor("company", company=company), offer_id=offer.pk)


def _ended(offer, company):
    Offer.objects.filter(pk=offer.pk).update(
        publish_date=timezone.now() - timedelta(days=60), publish_end_date=timezone.now() - timedelta(minutes=1)
    )
    end_offers()


@pytest.mark.parametrize("off_the_board", [_hidden_by_its_company, _archived, _ended])
def test_blocking_an_offer_that_is_not_on_the_board_announces_nothing(owner_company, delivered, off_the_board):
    offer = make_offer(owner_company)
    off_the_board(offer, owner_company)
    with delivered() as bodies:
        offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam")
    assert bodies == []
    assert Offer.objects.get(pk=offer.pk).hidden_reason == "ADMIN_REQUEST"


def test_an_edit_sending_is_hidden_true_neither_hides_the_offer_nor_announces_it(owner_company, delivered):
    offer = make_offer(owner_company)
    with delivered() as bodies:
        offer_writes.offer_edit(
            actor=Actor("company", company=owner_company), offer_id=offer.pk, body={"isHidden": True}
        )
    assert bodies == [] and Offer.objects.get(pk=offer.pk).is_hidden is False


def test_an_offer_hidden_by_its_company_is_announced(owner_company, delivered):
    offer = make_offer(owner_company)
    with delivered() as bodies:
        offer_hide(actor=Actor("company", company=owner_company), offer_id=offer.pk)
    assert [b["data"] for b in bodies] == [{"offerId": str(offer.pk), "hiddenReason": "COMPANY_REQUEST"}]


def block(company):
    company_block(actor=GOD, company_id=company.pk, admin_reason="Fraud")


def disable(company):
    company_disable(actor=GOD, company_id=company.pk)


@pytest.mark.parametrize(("moderate", "reason"), [(block, "COMPANY_BLOCKED"), (disable, "COMPANY_DISABLED")])
def test_a_company_blocked_or_disabled_announces_each_offer_it_hides(owner_company, delivered, moderate, reason):
    shown = [make_offer(owner_company), make_offer(owner_company)]
    already_hidden = make_offer(owner_company, isHidden=True)
    with delivered() as bodies:
        moderate(owner_company)
    assert sorted(b["data"]["offerId"] for b in bodies) == sorted(str(o.pk) for o in shown)
    assert {b["data"]["hiddenReason"] for b in bodies} == {reason}
    assert str(already_hidden.pk) not in {b["data"]["offerId"] for b in bodies}
    assert Offer.objects.filter(company=owner_company, is_hidden=False).count() == 0


def test_an_offer_ended_by_the_sweep_is_announced_hidden_as_ended(owner_company, delivered):
    ending, hidden = make_offer(owner_company), make_offer(owner_company, isHidden=True)
    running = make_offer(owner_company)
    Offer.objects.filter(pk__in=[ending.pk, hidden.pk]).update(
        publish_date=timezone.now() - timedelta(days=60), publish_end_date=timezone.now() - timedelta(minutes=1)
    )
    with delivered() as bodies:
        assert end_offers() == 2
    assert [(b["type"], b["data"]) for b in bodies] == [
        ("offer.hidden", {"offerId": str(ending.pk), "hiddenReason": "ENDED"})
    ]
    assert Offer.objects.get(pk=running.pk).ended_at is None
