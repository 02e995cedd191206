"""The sign-up mails are account mail: Auto-Submitted, no List-Unsubscribe; a company name with a line break never
starts a header of its own, and is escaped in the HTML part."""

import pytest
from django.test import Client

from companies.applications.services import company_application_approve, company_application_validate
from companies.models import CompanyApplication

from .applications import apply, token_of
from .conftest import APPLICANT_EMAIL, application_body

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "Evil <b>Co</b>\r\nBcc: victim@example.com"


def test_every_sign_up_mail_is_auto_submitted_without_unsubscribe_and_keeps_a_hostile_name_in_its_subject(
    mailbox, django_capture_on_commit_callbacks, reviewer
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(Client(), application_body(companyName=HOSTILE_NAME))
    assert response.status_code == 200, response.json()
    with django_capture_on_commit_callbacks(execute=True):
        company_application_validate(token=token_of(mailbox.messages[0]))
    with django_capture_on_commit_callbacks(execute=True):
        company_application_approve(application_id=CompanyApplication.objects.get().pk, actor=reviewer)

    kinds = {m["Subject"].split(":")[0] for m in mailbox.messages}
    assert len(mailbox.messages) == 3, kinds
    for message in mailbox.messages:
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
        assert message["Bcc"] is None
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
        assert message["To"] in (APPLICANT_EMAIL, "root@board.example")
    review = next(m for m in mailbox.messages if m["To"] == "root@board.example")
    assert review["Subject"] == "Evil <b>Co</b> Bcc: victim@example.com applied to join Job board"
    html = review.get_body(preferencelist=("html",)).get_content()
    assert "Evil &lt;b&gt;Co&lt;/b&gt;" in html and "<b>Co</b>" not in html
