import itertools
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.utils import timezone

from jobs import exceptions
from jobs.models import Application, Charge, Job
from jobs.services import applications as application_services
from jobs.services import budgets as budget_services

pytestmark = pytest.mark.django_db


_candidates = itertools.count()


def submit(job_id, met=True, now=None):
    job = Job.objects.get(pk=job_id)
    return application_services.application_submit(
        job_id=job_id,
        candidate_name="Casey",
        email=f"casey{next(_candidates)}@example.com",  # one application per email and job
        answers={},
        met_qualification_ids=[q.pk for q in job.qualifications.all()] if met else [],
        now=now,
    )


def test_a_qualified_application_is_charged_the_bid(create_job):
    job = create_job(publish=True)
    application = submit(job["id"])
    assert application.is_qualified
    assert application.charge.amount_cents == 500 and not application.charge.skipped


def test_an_unqualified_application_is_not_charged(create_job):
    job = create_job(publish=True)
    application = submit(job["id"], met=False)
    assert not application.is_qualified
    assert not Charge.objects.exists()


def test_preferred_qualifications_do_not_decide_qualified(create_job):
    job = create_job(publish=True)
    required = Job.objects.get(pk=job["id"]).qualifications.filter(kind="REQUIRED")
    application = application_services.application_submit(
        job_id=job["id"],
        candidate_name="c",
        email="c@example.com",
        answers={},
        met_qualification_ids=[q.pk for q in required],
    )
    assert application.is_qualified


def test_a_full_window_skips_the_charge_for_good_and_hides_the_job(create_job):
    # DAILY budget 1000 with a bid of 500: two charges fill it.
    job = create_job(publish=True, budgets=[{"window": "DAILY", "budgetCents": 1000}])
    day = timezone.now()
    submit(job["id"], now=day)
    submit(job["id"], now=day)
    assert Job.objects.publicly_visible(now=day).filter(pk=job["id"]).exists() is False
    late = submit(job["id"], now=day)  # a form opened before the cap was reached is still delivered
    assert late.is_qualified and late.charge.skipped and late.charge.amount_cents == 0
    total = sum(Charge.objects.filter(skipped=False).values_list("amount_cents", flat=True))
    assert total == 1000  # never billed past the cap
    next_day = (day + timedelta(days=1)).replace(hour=0, minute=0, second=1)
    with time_machine.travel(next_day):
        assert Job.objects.publicly_visible(now=next_day).filter(pk=job["id"]).exists()


def test_a_charge_that_would_pass_the_cap_is_skipped(create_job):
    job = create_job(publish=True, budgets=[{"window": "LIFETIME", "budgetCents": 700}])
    first = submit(job["id"])
    assert not first.charge.skipped
    # 500 spent, 200 left: the job is full for a 500 bid and leaves the board.
    assert not Job.objects.publicly_visible(now=timezone.now()).filter(pk=job["id"]).exists()


def test_a_skipped_charge_is_recorded_when_the_bid_grows(owner_api, create_job):
    job = create_job(publish=True, budgets=[{"window": "WEEKLY", "budgetCents": 1000}])
    submit(job["id"])
    owner_api.patch(f"/jobs/{job['id']}", {"bidPerQualifiedApplicantCents": 400})
    second = submit(job["id"])
    assert not second.charge.skipped and second.charge.amount_cents == 400
    # 900 of 1000 spent: a bid of 400 can no longer be paid.
    assert not Job.objects.publicly_visible(now=timezone.now()).filter(pk=job["id"]).exists()


def test_week_window_resets_on_monday_utc(create_job):
    job = create_job(publish=True, budgets=[{"window": "WEEKLY", "budgetCents": 500}])
    sunday = datetime(2026, 11, 29, 23, 0, tzinfo=dt_timezone.utc)
    with time_machine.travel(sunday - timedelta(days=3)):
        Job.objects.filter(pk=job["id"]).update(
            published_at=timezone.now(), expires_at=timezone.now() + timedelta(days=30)
        )
        submit(job["id"], now=timezone.now())
    assert not Job.objects.publicly_visible(now=sunday).filter(pk=job["id"]).exists()
    assert Job.objects.publicly_visible(now=sunday + timedelta(hours=1, seconds=1)).filter(pk=job["id"]).exists()


def test_counts_and_new_applicants_show_in_the_api(owner_api, create_job):
    job = create_job(publish=True)
    a = submit(job["id"])
    submit(job["id"], met=False)
    application_services.application_set_status(application=a, status="accepted")
    application_services.application_mark_viewed(application=a)
    body = owner_api.get(f"/jobs/{job['id']}").json()
    assert body["applicationCounts"] == {"pending": 1, "accepted": 1, "rejected": 0}
    assert body["newApplicantCount"] == 1 and body["isFrozen"] is True


@pytest.mark.parametrize("action", ["pause", "close"])
def test_paused_and_closed_jobs_take_no_applications(owner_api, create_job, action):
    job = create_job(publish=True)
    owner_api.post(f"/jobs/{job['id']}/{action}")
    with pytest.raises(exceptions.JobNotFound):
        submit(job["id"])


def test_the_apply_page_takes_an_application(client, create_job):
    job = create_job(publish=True)
    stored = Job.objects.get(pk=job["id"])
    page = client.get(f"/jobs/{job['id']}/apply")
    assert page.status_code == 200 and b"Send application" in page.content
    question = stored.questions.first()
    response = client.post(
        f"/jobs/{job['id']}/apply",
        {
            "candidate_name": "Robin",
            "email": "robin@example.com",
            f"question_{question.pk}": "Now",
            "qualifications": [str(q.pk) for q in stored.qualifications.all()],
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.candidate_name == "Robin" and application.is_qualified
    assert application.answers == {str(question.pk): "Now"}


def test_the_apply_page_shows_errors(client, create_job):
    job = create_job(publish=True)
    response = client.post(f"/jobs/{job['id']}/apply", {"candidate_name": "", "email": "nope"})
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert not Application.objects.exists()


def test_the_apply_form_is_csrf_protected(create_job):
    from django.test import Client

    job = create_job(publish=True)
    response = Client(enforce_csrf_checks=True).post(f"/jobs/{job['id']}/apply", {"candidate_name": "x"})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_closed_jobs_show_no_form(client, owner_api, create_job):
    job = create_job(publish=True)
    owner_api.post(f"/jobs/{job['id']}/close")
    response = client.get(f"/jobs/{job['id']}/apply")
    assert response.status_code == 410
    assert b"no longer accepting applications" in response.content and b"<form" not in response.content


def test_the_board_lists_visible_jobs_only(client, owner_api, create_job):
    live = create_job(publish=True, title="Visible role")
    create_job(title="Draft role")
    paused = create_job(publish=True, title="Paused role")
    owner_api.post(f"/jobs/{paused['id']}/pause")
    content = client.get("/").content.decode()
    assert "Visible role" in content and "Draft role" not in content and "Paused role" not in content
    assert live["id"]


def test_drafts_do_not_exist_for_candidates(client, create_job):
    job = create_job()
    assert client.get(f"/jobs/{job['id']}").status_code == 404
    assert client.get(f"/jobs/{job['id']}/apply").status_code == 404


def test_an_expired_job_shows_no_form_before_any_sweep(client, create_job):
    job = create_job(publish=True)
    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1)):
        response = client.get(f"/jobs/{job['id']}/apply")
    assert response.status_code == 410 and b"<form" not in response.content


def test_a_company_wide_cap_spans_every_job(owner_company, create_job):
    budget_services.company_budget_set(company=owner_company, window="MONTHLY", budget_cents=1000)
    first, second = create_job(publish=True, budgets=[]), create_job(publish=True, budgets=[])
    submit(first["id"])
    submit(second["id"])  # 1000 of 1000 spent across two jobs
    visible = Job.objects.publicly_visible(now=timezone.now())
    assert not visible.filter(pk__in=[first["id"], second["id"]]).exists()
    third = submit(first["id"])
    assert third.charge.skipped
    assert sum(Charge.objects.filter(company=owner_company).values_list("amount_cents", flat=True)) == 1000


def test_a_company_cap_does_not_touch_other_companies(owner_company, other_api, complete_job_body):
    budget_services.company_budget_set(company=owner_company, window="DAILY", budget_cents=0)
    job = other_api.post("/jobs", {**complete_job_body, "publish": True}).json()
    assert Job.objects.publicly_visible(now=timezone.now()).filter(pk=job["id"]).exists()


def test_a_form_opened_before_the_cap_still_delivers(client, create_job):
    job = create_job(publish=True, budgets=[{"window": "LIFETIME", "budgetCents": 500}])
    stored = Job.objects.get(pk=job["id"])
    form = {
        "candidate_name": "Early",
        "email": "early@example.com",
        f"question_{stored.questions.first().pk}": "Now",
        "qualifications": [str(q.pk) for q in stored.qualifications.all()],
    }
    assert client.post(f"/jobs/{job['id']}/apply", form).status_code == 302
    assert client.get(f"/jobs/{job['id']}/apply").status_code == 404  # full: not listed until it resets
    late_form = {**form, "candidate_name": "Late", "email": "late@example.com"}
    assert client.post(f"/jobs/{job['id']}/apply", late_form).status_code == 302
    late = Application.objects.get(candidate_name="Late")
    assert late.charge.skipped
