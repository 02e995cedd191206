"""Company staff mark a fake application spam in the dashboard: it stays, shown as spam, and its charge is
refunded, so it no longer counts against budgets or spend and a job its charge hid comes back."""

import csv
import io
import re

import pytest
from django.test import Client

from companies.models import ModerationRecord
from jobs.models import Application, Charge, Job
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set
from tests.jobboard.dashboard_urls import login_redirect

REFUNDED = "refunded: application marked as spam"


def apply(job: Job, email: str, *, qualified: bool = True) -> Application:
    met = [job.qualifications.get(text="Python").pk] if qualified else []
    return application_submit(job_id=job.pk, candidate_name=email, email=email, answers={}, met_qualification_ids=met)


def spam_url(application: Application) -> str:
    return f"/dashboard/applications/{application.pk}/spam/"


def mark_spam(client: Client, application: Application, **request):
    return client.post(spam_url(application), {"confirm": "yes"}, **request)


def page_text(client: Client, path: str) -> str:
    """The page's words, without markup, one space apart."""
    return " ".join(re.sub(r"<[^>]+>", " ", client.get(path).content.decode()).split())


def public_page_status(job: Job) -> int:
    return Client().get(f"/jobs/{job.pk}").status_code


@pytest.fixture
def full_job(create_job):
    """A job whose daily budget (two bids of $5.00) two qualified applications fill: off the board."""
    job = Job.objects.get(pk=create_job(publish=True, budgets=[{"window": "DAILY", "budgetCents": 1000}])["id"])
    first, second = apply(job, "first@x.example"), apply(job, "second@x.example")
    assert public_page_status(job) == 404
    return job, first, second


def test_marking_a_charged_application_spam_refunds_it_and_brings_back_the_job_its_budget_hid(
    staff, owner_staff, owner_api, full_job
):
    job, first, _ = full_job
    response = mark_spam(staff, first)
    assert response.status_code == 302 and response["Location"] == f"/dashboard/applications/{first.pk}/"
    charge = Charge.objects.get(application=first)
    assert charge.refunded_at is not None and charge.refund_reason == "application marked as spam"
    assert charge.amount_cents == 500  # the ledger keeps what was charged; the refund is beside it
    assert public_page_status(job) == 200
    assert owner_api.get(f"/applications/{first.pk}").json()["charge"] == {
        "charged": False,
        "amountCents": 0,
        "reason": REFUNDED,
    }
    # Spend on the job's page: $5.00 of the $10.00 daily cap, where it was $10.00 (100%) before.
    assert "Daily $5.00 $10.00 50%" in page_text(staff, f"/dashboard/jobs/{job.pk}/")


def test_marking_spam_records_who_marked_it_and_when_on_the_application_and_in_the_moderation_record(
    staff, owner_staff, full_job
):
    _, first, _ = full_job
    mark_spam(staff, first)
    stored = Application.objects.get(pk=first.pk)
    assert stored.spam_marked_by == owner_staff and stored.spam_marked_at is not None
    record = ModerationRecord.objects.get(action="application_mark_spam")
    assert (record.actor, record.actor_label) == (owner_staff, "staff@owner.example")
    assert (record.target_type, record.target_id) == ("application", str(first.pk))
    page = staff.get(f"/dashboard/applications/{first.pk}/").content.decode()
    assert "Marked as spam by staff@owner.example on" in page
    assert 'id="application-charge">Not charged: refunded: application marked as spam<' in page


def test_a_refund_frees_a_full_company_budget_for_the_companys_other_jobs(staff, owner_company, create_job):
    company_budget_set(company=owner_company, window="MONTHLY", budget_cents=500)
    spender = Job.objects.get(pk=create_job(publish=True)["id"])
    other = Job.objects.get(pk=create_job(publish=True, title="Other")["id"])
    application = apply(spender, "only@x.example")
    assert (public_page_status(spender), public_page_status(other)) == (404, 404)
    mark_spam(staff, application)
    assert (public_page_status(spender), public_page_status(other)) == (200, 200)
    assert "Monthly $0.00 $5.00 0% used" in page_text(staff, "/dashboard/budgets/")


def test_marking_spam_without_ticking_the_confirmation_changes_nothing(staff, full_job):
    job, first, _ = full_job
    response = staff.post(spam_url(first), follow=True)
    assert "Tick the box to confirm: marking an application as spam cannot be undone." in response.content.decode()
    assert Application.objects.get(pk=first.pk).spam_marked_at is None
    assert Charge.objects.get(application=first).refunded_at is None
    assert public_page_status(job) == 404


def test_marking_an_application_spam_twice_refunds_and_records_it_once(staff, full_job):
    _, first, _ = full_job
    mark_spam(staff, first)
    refunded_at = Charge.objects.get(application=first).refunded_at
    response = mark_spam(staff, first, follow=True)
    assert "This application was already marked as spam." in response.content.decode()
    assert Charge.objects.get(application=first).refunded_at == refunded_at
    assert ModerationRecord.objects.filter(action="application_mark_spam").count() == 1


def test_an_uncharged_application_can_be_marked_spam_and_stays_uncharged(staff, owner_api, create_job):
    job = Job.objects.get(pk=create_job(publish=True)["id"])
    unqualified = apply(job, "nobody@x.example", qualified=False)
    assert mark_spam(staff, unqualified).status_code == 302
    assert Application.objects.get(pk=unqualified.pk).spam_marked_at is not None
    assert owner_api.get(f"/applications/{unqualified.pk}").json()["charge"] == {
        "charged": False,
        "amountCents": 0,
        "reason": "not qualified",
    }


def test_a_spam_application_is_shown_as_spam_in_the_list_and_the_csv_export(staff, full_job):
    job, first, second = full_job
    mark_spam(staff, first)
    rows = staff.get(f"/dashboard/jobs/{job.pk}/applications/").content.decode().split("<tr>")
    (first_row,) = [row for row in rows if "first@x.example" in row]
    (second_row,) = [row for row in rows if "second@x.example" in row]
    assert ">Spam</span>" in first_row and ">Spam</span>" not in second_row
    exported = list(
        csv.DictReader(io.StringIO(staff.get(f"/dashboard/jobs/{job.pk}/applications.csv").content.decode()))
    )
    by_email = {row["email"]: row for row in exported}
    assert by_email["first@x.example"]["spam"] == "yes"
    assert by_email["first@x.example"]["charge"] == "not charged: refunded: application marked as spam"
    assert by_email["second@x.example"]["spam"] == "no"
    assert by_email["second@x.example"]["charge"] == "charged $5.00"


def test_another_companys_staff_get_404_and_nothing_is_marked(rival_staff, full_job):
    _, first, _ = full_job
    assert mark_spam(rival_staff, first).status_code == 404
    assert Application.objects.get(pk=first.pk).spam_marked_at is None
    assert Charge.objects.get(application=first).refunded_at is None


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_marked(full_job):
    _, first, _ = full_job
    response = mark_spam(Client(), first)
    assert response.status_code == 302 and response["Location"] == login_redirect(spam_url(first))
    assert Application.objects.get(pk=first.pk).spam_marked_at is None


def test_marking_spam_needs_a_post_with_a_csrf_token(owner_staff, full_job):
    _, first, _ = full_job
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner_staff)
    assert browser.get(spam_url(first)).status_code == 405
    assert mark_spam(browser, first).status_code == 403
    assert Application.objects.get(pk=first.pk).spam_marked_at is None
