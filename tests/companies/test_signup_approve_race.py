"""Two admins approving one application at the same moment (parallel requests on PostgreSQL) create one company
and one account: the other is told the application was already reviewed."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from companies.applications.services import company_application_submit, company_application_validate
from companies.models import Company, CompanyApplication, Membership, ModerationRecord
from tests.helpers import GOD_TOKEN, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_approvals_create_one_company(settings):
    settings.GOD_TOKEN = GOD_TOKEN
    company_application_submit(
        email="race@orchard.example",
        password="orchard-lane-42",
        company_name="Racing Bikes",
        motivation="We hire mechanics every season.",
        token="race-token",
    )
    application = company_application_validate(token="race-token")

    def approve():
        response = Client().post(
            f"/api/applications/company/{application.pk}/approve",
            json.dumps({"god_token": GOD_TOKEN}),
            content_type="application/json",
        )
        return response.status_code, response.json()

    results = run_in_parallel([approve] * 6)

    assert sorted(status for status, _ in results) == [200] + [409] * 5
    refusals = [body for status, body in results if status == 409]
    assert all(body["errors"] == [{"msg": "company-application-already-reviewed"}] for body in refusals)
    assert Company.objects.filter(name="Racing Bikes").count() == 1
    assert get_user_model().objects.filter(email="race@orchard.example").count() == 1
    assert Membership.objects.filter(user__email="race@orchard.example").count() == 1
    assert CompanyApplication.objects.get().state == "APPROVED"
    assert ModerationRecord.objects.filter(action="company_application_approve").count() == 1
