from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from offers.models import Offer
from plumbing.times import iso_z
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db


def test_it_creates_an_offer_for_the_company(owner, company):
    response = owner.post("/offers/new", offer_body())
    assert response.status_code == 201
    offer = response.json()
    assert offer["owner"] == str(company.pk) and offer["ownerName"] == "Owner Labs"
    assert offer["isHidden"] is False and offer["hiddenReason"] is None and offer["isArchived"] is False
    assert offer["description"] == "<p>Work on <b>APIs</b>.</p>"
    assert isinstance(offer["id"], str)


def test_admin_and_god_create_for_a_named_owner(admin, god, company):
    for actor in (admin, god):
        response = actor.post("/offers/new", offer_body(owner=company.pk))
        assert response.status_code == 201, response.json()
        assert response.json()["owner"] == str(company.pk)
    assert god.post("/offers/new", offer_body(owner=str(company.pk))).status_code == 201


@pytest.mark.parametrize("owner_value", [None, 999999, "abc"])
def test_admin_needs_a_real_owner(admin, owner_value):
    body = offer_body() if owner_value is None else offer_body(owner=owner_value)
    response = admin.post("/offers/new", body)
    assert response.status_code == 422
    error = next(e for e in response.json()["errors"] if e["param"] == "owner")
    assert error["msg"] == ("required" if owner_value is None else f"no-company-found-with-id:{owner_value}")


def test_anonymous_cannot_create(anon):
    response = anon.post("/offers/new", offer_body())
    assert response.status_code == 401
    assert response.json() == {"error_code": 3, "errors": [{"msg": "insufficient-permissions"}]}
    assert not Offer.objects.exists()


def test_a_wrong_god_token_is_refused(anon, company):
    response = anon.post("/offers/new", {**offer_body(owner=company.pk), "god_token": "nope"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["msg"] == "invalid-god-token"


def test_god_mode_is_off_when_the_setting_is_empty(anon, company, settings):
    settings.GOD_TOKEN = ""
    response = anon.post("/offers/new", {**offer_body(owner=company.pk), "god_token": ""})
    assert response.status_code == 401
    assert not Offer.objects.exists()


def errors_of(response):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error_code"] == 1
    return {e["param"]: e["msg"] for e in body["errors"]}


ENUM_TYPES = "must-be-in:[FULL-TIME, PART-TIME, SUMMER INTERNSHIP, CURRICULAR INTERNSHIP, RESEARCH GRANT, OTHER]"


@pytest.mark.parametrize(
    "overrides, param, msg",
    [
        ({"title": "x" * 91}, "title", "max-length-exceeded:90"),
        ({"title": 5}, "title", "must-be-string"),
        ({"title": ...}, "title", "required"),
        ({"publishEndDate": ...}, "publishEndDate", "required"),
        ({"publishDate": "2020-01-01T00:00:00Z"}, "publishDate", "date-already-past"),
        ({"publishDate": "tomorrow"}, "publishDate", "must-be-ISO8601-date"),
        ({"publishEndDate": "2099-02-30T00:00:00Z"}, "publishEndDate", "must-be-ISO8601-date"),
        ({"jobMinDuration": ..., "jobMaxDuration": 3}, "jobMaxDuration", "job-max-duration-requires-job-min-duration"),
        ({"jobMinDuration": 0}, "jobMinDuration", "must-be-greater-than-or-equal-to-1"),
        ({"jobMinDuration": -2}, "jobMinDuration", "must-be-greater-than-or-equal-to-1"),
        ({"jobMinDuration": "3"}, "jobMinDuration", "must-be-int"),
        ({"jobMaxDuration": 0}, "jobMaxDuration", "must-be-greater-than-or-equal-to-1"),
        (
            {"jobMinDuration": 6, "jobMaxDuration": 5},
            "jobMaxDuration",
            "must-be-greater-than-or-equal-to:jobMinDuration",
        ),
        (
            {"fields": ["BACKEND", "FRONTEND", "DEVOPS", "MOBILE", "GAMING", "CLOUD"]},
            "fields",
            "size-must-be-between:[1,5]",
        ),
        ({"fields": []}, "fields", "size-must-be-between:[1,5]"),
        ({"fields": ["BACKEND", "BACKEND"]}, "fields", "duplicate-values"),
        ({"fields": ["COOKING"]}, "fields", None),
        (
            {"technologies": ["C", "C#", "C++", "Go", "Java", "Python", "Rust", "Ruby"]},
            "technologies",
            "size-must-be-between:[1,7]",
        ),
        ({"technologies": ["Python", "Python"]}, "technologies", "duplicate-values"),
        ({"technologies": "Python"}, "technologies", "must-be-array"),
        ({"jobType": "GIG"}, "jobType", ENUM_TYPES),
        ({"applyURL": "ftp://labs.example/apply"}, "applyURL", "invalid-apply-url"),
        ({"applyURL": "javascript:alert(1)"}, "applyURL", "invalid-apply-url"),
        ({"applyURL": "https://localhost"}, "applyURL", "invalid-apply-url"),
        ({"applyURL": "mailto:not-an-email"}, "applyURL", "invalid-apply-url"),
        ({"contacts": []}, "contacts", "below-min-length:1"),
        ({"requirements": ...}, "requirements", "required"),
        ({"location": ...}, "location", "required"),
        ({"vacancies": 0}, "vacancies", "must-be-greater-than-or-equal-to-1"),
        ({"isPaid": "yes"}, "isPaid", "must-be-boolean"),
        ({"isHidden": "no"}, "isHidden", "must-be-boolean"),
        ({"description": "<p>" + "a" * 1501 + "</p>"}, "description", "max-length-exceeded:1500"),
        ({"description": "<p></p>"}, "description", "required"),
        ({"coordinates": [200, 10]}, "coordinates", "must-be-in:[[-180,180],[-90,90]]"),
    ],
)
def test_each_rule_is_enforced(owner, overrides, param, msg):
    errors = errors_of(owner.post("/offers/new", offer_body(**overrides)))
    assert param in errors, errors
    if msg:
        assert errors[param] == msg
    else:
        assert errors[param].startswith("must-be-in:[")
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "x" * 90},
        {"fields": ["BACKEND", "FRONTEND", "DEVOPS", "MOBILE", "GAMING"]},
        {"technologies": ["C", "C#", "C++", "Go", "Java", "Python", "Rust"]},
        {"description": "<p>" + "a" * 1500 + "</p>"},
        {"applyURL": "mailto:jobs@labs.example"},
        {"applyURL": "http://labs.example"},
        {"applyURL": None, "isPaid": None, "vacancies": None, "jobStartDate": None, "coordinates": None},
        {"jobMaxDuration": ...},
        {"jobMinDuration": 6, "jobMaxDuration": 6},
        {"publishDate": ...},
    ],
)
def test_the_boundaries_are_accepted(owner, overrides):
    response = owner.post("/offers/new", offer_body(**overrides))
    assert response.status_code == 201, response.json()


def test_every_failing_field_is_listed(owner):
    errors = errors_of(owner.post("/offers/new", {"title": "", "fields": [], "technologies": ["Nope"]}))
    assert {
        "title",
        "publishEndDate",
        "jobMinDuration",
        "description",
        "contacts",
        "jobType",
        "fields",
        "technologies",
        "location",
        "requirements",
    } <= set(errors)


def test_publish_window_of_exactly_six_months_is_allowed_just_over_is_not(owner):
    with time_machine.travel("2026-11-25T12:00:00Z", tick=False):
        start = timezone.now() + timedelta(days=1)
        six_months = start + timedelta(days=6 * 30.42)
        ok = owner.post("/offers/new", offer_body(publishDate=iso_z(start), publishEndDate=iso_z(six_months)))
        assert ok.status_code == 201, ok.json()
        over = owner.post(
            "/offers/new",
            offer_body(publishDate=iso_z(start), publishEndDate=iso_z(six_months + timedelta(seconds=1))),
        )
        assert errors_of(over)["publishEndDate"] == f"must-be-before:{iso_z(six_months)}"


def test_publish_end_must_follow_publish_date(owner):
    start = timezone.now() + timedelta(days=10)
    errors = errors_of(
        owner.post(
            "/offers/new",
            offer_body(publishDate=iso_z(start), publishEndDate=iso_z(start - timedelta(days=1))),
        )
    )
    assert errors["publishEndDate"] == "must-be-after:publishDate"


def test_description_html_is_sanitized(owner):
    response = owner.post("/offers/new", offer_body(description='<p onclick="x()">Hi<script>alert(1)</script></p>'))
    assert response.status_code == 201
    assert response.json()["description"] == "<p>Hi</p>"


def test_created_hidden_is_company_request_and_not_counted(owner, make_offer):
    for _ in range(5):
        make_offer()
    response = owner.post("/offers/new", offer_body(isHidden=True))
    assert response.status_code == 201
    assert response.json()["hiddenReason"] == "COMPANY_REQUEST"


def test_the_sixth_concurrent_offer_is_refused(owner, make_offer):
    for _ in range(5):
        make_offer()
    response = owner.post("/offers/new", offer_body())
    assert response.status_code == 409
    assert response.json() == {"error_code": 2, "errors": [{"msg": "max-concurrent-offers-reached:5"}]}
    assert Offer.objects.count() == 5


def test_windows_that_only_touch_do_not_overlap(owner, make_offer):
    now = timezone.now()
    end = now + timedelta(days=30)
    for _ in range(5):
        make_offer(publishEndDate=iso_z(end))
    response = owner.post(
        "/offers/new", offer_body(publishDate=iso_z(end), publishEndDate=iso_z(end + timedelta(days=30)))
    )
    assert response.status_code == 201, response.json()


def test_five_at_once_is_about_instants_not_totals(owner, make_offer):
    # Six offers in all, but never more than three at any instant.
    now = timezone.now()
    for days in (10, 10, 10):
        make_offer(publishEndDate=iso_z(now + timedelta(days=days)))
    for _ in range(2):
        start = now + timedelta(days=20)
        owner.post(
            "/offers/new",
            offer_body(publishDate=iso_z(start), publishEndDate=iso_z(start + timedelta(days=5))),
        )
    response = owner.post(
        "/offers/new",
        offer_body(publishDate=iso_z(now + timedelta(days=11)), publishEndDate=iso_z(now + timedelta(days=40))),
    )
    assert response.status_code == 201


def test_blocked_company_is_refused_before_the_limit(owner, company, make_offer):
    for _ in range(5):
        make_offer()
    company.is_blocked = True
    company.save()
    response = owner.post("/offers/new", offer_body())
    assert response.status_code == 403
    assert response.json()["errors"][0]["msg"] == "company-blocked"


def test_disabled_company_is_refused_after_the_limit(owner, company, make_offer):
    company.is_disabled = True
    company.save()
    response = owner.post("/offers/new", offer_body())
    assert response.status_code == 403
    assert response.json()["errors"][0]["msg"] == "company-disabled"
    for _ in range(5):
        make_offer()
    assert owner.post("/offers/new", offer_body()).status_code == 409


def test_admins_may_create_for_a_disabled_company(admin, company):
    company.is_disabled = True
    company.save()
    assert admin.post("/offers/new", offer_body(owner=company.pk)).status_code == 201


def test_a_user_without_company_or_admin_rights_cannot_create(db, company):
    from django.contrib.auth import get_user_model

    from tests.helpers import PASSWORD, OffersClient

    get_user_model().objects.create_user(username="n@x.example", email="n@x.example", password=PASSWORD)
    response = OffersClient(email="n@x.example").post("/offers/new", offer_body())
    assert response.status_code == 401
    assert response.json()["errors"][0]["msg"] == "insufficient-permissions"


def test_malformed_json_is_422_in_the_shape(owner):
    response = owner.client.post("/api/offers/new", '{"title":', content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error_code"] == 1


def test_permission_is_checked_before_the_body_shape(anon, owner):
    assert anon.client.post("/api/offers/new", "[1]", content_type="application/json").status_code == 401
    response = owner.client.post("/api/offers/new", "[1]", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "must-be-object"


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "a\x00b"},
        {"applyURL": "https://x.example/\x00"},
        {"contacts": ["a\x00"]},
        {"description": "<p>\x00</p>"},
    ],
)
def test_nul_characters_are_refused_not_a_500(owner, overrides):
    response = owner.post("/offers/new", offer_body(**overrides))
    assert response.status_code == 422
    assert response.json()["errors"][0]["param"] == next(iter(overrides))
    assert not Offer.objects.exists()
