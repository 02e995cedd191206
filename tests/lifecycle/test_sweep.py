from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from jobboard.models import SweepRun
from jobboard.tasks import end_offers, expire_jobs
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.expiry import SWEEP_BATCH, expire_due_jobs
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from offers.services.sweep import offers_end_due
from plumbing.times import iso_z
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db


def due_jobs(company, n, now):
    Job.objects.bulk_create(
        Job(
            company=company,
            title=f"Due {i}",
            status=JobStatus.ACTIVE if i % 2 else JobStatus.PAUSED,
            published_at=now - timedelta(days=31),
            expires_at=now - timedelta(seconds=1 + i),
        )
        for i in range(n)
    )


def test_the_sweep_moves_due_live_jobs_to_expired_only(owner_company, create_job, owner_api):
    live = create_job(publish=True)
    paused = create_job(publish=True)
    owner_api.post(f"/jobs/{paused['id']}/pause")
    closed = create_job(publish=True)
    owner_api.post(f"/jobs/{closed['id']}/close")
    draft = create_job()
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        out = StringIO()
        call_command("run_lifecycle_sweep", stdout=out)
        assert out.getvalue().splitlines()[0] == "Expired 2 job(s); ended 0 offer(s)."
        statuses = dict(Job.objects.values_list("pk", "status"))
        assert statuses == {
            Job.objects.get(pk=live["id"]).pk: "EXPIRED",
            Job.objects.get(pk=paused["id"]).pk: "EXPIRED",
            Job.objects.get(pk=closed["id"]).pk: "CLOSED",
            Job.objects.get(pk=draft["id"]).pk: "DRAFT",
        }
        assert expire_jobs() == 0  # idempotent
    assert SweepRun.objects.get(task="expire_jobs").rows_changed == 0


def test_jobs_not_yet_due_are_left_alone(create_job):
    job = create_job(publish=True)
    assert expire_jobs() == 0
    assert Job.objects.get(pk=job["id"]).status == "ACTIVE"


def test_offers_past_publish_end_are_marked_ended_without_touching_hidden(owner_company):
    now = timezone.now()

    def make_offer(**overrides):
        body = offer_body(owner=owner_company.pk, **overrides)
        body.pop("publishDate")
        return offer_create(actor=GOD, body=body, now=now)

    ending = make_offer(publishEndDate=iso_z(now + timedelta(days=1)))
    hidden = make_offer(publishEndDate=iso_z(now + timedelta(days=1)), isHidden=True)
    running = make_offer(publishEndDate=iso_z(now + timedelta(days=40)))
    with time_machine.travel(now + timedelta(days=1, seconds=1)):
        assert end_offers() == 2
        assert end_offers() == 0
    ended = {o.pk: o for o in Offer.objects.all()}
    assert ended[ending.pk].ended_at is not None and ended[hidden.pk].ended_at is not None
    assert ended[running.pk].ended_at is None
    assert ended[hidden.pk].is_hidden and ended[hidden.pk].hidden_reason == "COMPANY_REQUEST"
    assert not ended[ending.pk].is_hidden and ended[ending.pk].hidden_reason is None


@pytest.mark.parametrize("n", [10, 10_000])
def test_the_sweep_costs_one_statement_per_batch_of_due_jobs(owner_company, django_assert_max_num_queries, n):
    now = timezone.now()
    due_jobs(owner_company, n, now)
    # One UPDATE per batch (one more when the last batch is full: it cannot know it was the last), one upsert of
    # the run record.
    with django_assert_max_num_queries(n // SWEEP_BATCH + 2):
        assert expire_jobs() == n
    assert Job.objects.filter(status="EXPIRED").count() == n


def test_healthz_reports_database_redis_and_last_sweep(client):
    body = client.get("/healthz").json()
    assert body["database"] == "ok" and body["redis"] == "ok" and body["lastSweepAt"] is None
    expire_jobs()
    end_offers()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["lastSweepAt"] == body["tasks"]["expire_jobs"]["lastRunAt"]


def test_healthz_is_503_when_configured_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "error" and response.json()["database"] == "ok"


def test_healthz_skips_redis_when_not_configured(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["redis"] == "skipped"


def test_the_beat_schedule_names_registered_tasks():
    from jobboard.celery import app

    schedule = app.conf.beat_schedule
    scheduled = {entry["task"] for entry in schedule.values()}
    assert {"jobboard.tasks.expire_jobs", "jobboard.tasks.end_offers"} <= scheduled
    assert schedule["expire-jobs"]["schedule"] == schedule["end-offers"]["schedule"] == 60.0
    # jobboard's scheduled names are its registered tasks (imported above), the idempotency purge included.
    jobboard_tasks = {name for name in scheduled if name.startswith("jobboard.tasks.")}
    assert "jobboard.tasks.purge_idempotency_keys" in jobboard_tasks
    assert jobboard_tasks <= set(app.tasks)


def test_the_sweep_expires_every_due_job_across_several_small_batches(owner_company):
    now = timezone.now()
    due_jobs(owner_company, 10, now)
    assert expire_due_jobs(now=now, batch=3) == 10
    assert Job.objects.filter(status="EXPIRED").count() == 10
    assert expire_due_jobs(now=now, batch=3) == 0


def test_the_end_sweep_ends_every_due_offer_across_several_small_batches(owner_company):
    offer = offer_create(actor=GOD, body={**offer_body(), "owner": owner_company.pk})
    Offer.objects.filter(pk=offer.pk).update(publish_end_date=timezone.now() - timedelta(minutes=1))
    assert offers_end_due(batch=1) == 1
    assert Offer.objects.get(pk=offer.pk).ended_at is not None
    assert offers_end_due(batch=1) == 0
