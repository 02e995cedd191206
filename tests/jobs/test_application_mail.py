"""A candidate applies: the candidate gets a receipt (account mail: no unsubscribe), and the company's staff who
want it right away get the job, the candidate's name, the qualifications met and a link to the application, all
through a real SMTP server. Staff who chose the daily digest or off get nothing now; another company's staff never
do; a rolled-back application sends nothing."""

import pytest
from django.db import transaction

from companies.models import NotificationKind
from companies.notifications.services import notification_preferences_save
from companies.services import company_user_create
from jobs.services.applications import application_submit
from plumbing.models import OutboxMail
from tests.mailbox import text_of, unsubscribe_path

pytestmark = pytest.mark.django_db


def apply(job, email="ada@example.com", met=("Python",)):
    return application_submit(
        job_id=job["id"],
        candidate_name="Ada Lovelace",
        email=email,
        answers={str(q["id"]): "Now" for q in job["questions"]},
        met_qualification_ids=[int(q["id"]) for q in job["qualifications"] if q["text"] in met],
    )


@pytest.fixture
def job(create_job, owner_staff, rival_staff):
    return create_job(publish=True)


def test_the_candidate_gets_a_receipt_naming_the_job_without_an_unsubscribe_header(
    job, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(job)

    (receipt,) = mailbox.to("ada@example.com")
    assert receipt["Subject"] == "We received your application for Backend Engineer"
    assert "We received your application for Backend Engineer at Owner Co" in text_of(receipt)
    assert receipt["List-Unsubscribe"] is None and receipt["List-Unsubscribe-Post"] is None


def test_the_companys_staff_get_the_job_candidate_qualifications_met_and_a_link_and_no_other_company_does(
    job, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job)

    assert sorted(m["To"] for m in mailbox.messages) == ["ada@example.com", "staff@owner.example"]
    (message,) = mailbox.to("staff@owner.example")
    assert message["Subject"] == "New application for Backend Engineer from Ada Lovelace"
    text = text_of(message)
    assert "Ada Lovelace applied to Backend Engineer." in text
    assert "Qualifications met: Python (every required one)" in text
    assert f"http://testserver/dashboard/applications/{application.pk}/" in text
    assert unsubscribe_path(message).startswith("/unsubscribe/")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://testserver/dashboard/applications/{application.pk}/"' in html


def test_staff_who_chose_the_daily_digest_or_off_are_not_mailed_at_once(
    job, owner_company, owner_staff, mailbox, django_capture_on_commit_callbacks
):
    digest = company_user_create(email="digest@owner.example", password="pw-digest-123", company=owner_company)
    notification_preferences_save(user_id=digest.pk, choices={NotificationKind.NEW_APPLICATION: "daily"})
    notification_preferences_save(user_id=owner_staff.pk, choices={NotificationKind.NEW_APPLICATION: "off"})

    with django_capture_on_commit_callbacks(execute=True):
        apply(job)

    assert [m["To"] for m in mailbox.messages] == ["ada@example.com"]


def test_candidate_names_in_mail_are_escaped_in_html_and_never_start_a_header(
    job, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(
            job_id=job["id"],
            candidate_name="<b>Eve</b>\nBcc: victim@example.com",
            email="eve@example.com",
            answers={str(q["id"]): "Now" for q in job["questions"]},
            met_qualification_ids=[],
        )

    (message,) = mailbox.to("staff@owner.example")
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html and "<b>Eve</b>" not in html


class Abandoned(Exception):
    pass


def test_a_rolled_back_application_sends_nothing(job, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        apply(job)
        raise Abandoned

    assert OutboxMail.objects.count() == 0
    assert mailbox.messages == []
