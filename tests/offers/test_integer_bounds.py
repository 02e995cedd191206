"""Numbers and dates the columns cannot hold are 422 in the offers envelope, never a 500 from the database:
durations and vacancies past the integer column, ids past a bigint, search numbers that are no ASCII number, and
dates that fall outside year 1–9999 once in UTC."""

import pytest

from offers.models import Offer
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db

TOO_BIG = "must-be-less-than-or-equal-to-2147483647"


def errors_of(response) -> set[tuple[str, str]]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error_code"] == 1
    return {(e["param"], e["msg"]) for e in body["errors"]}


@pytest.mark.parametrize("field", ["jobMinDuration", "jobMaxDuration", "vacancies"])
@pytest.mark.parametrize("value", [2**31, 2**63, 10**40])
def test_a_duration_or_vacancies_past_the_integer_column_is_422_on_create(owner, field, value):
    overrides = {field: value}
    if field == "jobMinDuration":
        overrides["jobMaxDuration"] = None
    assert (field, TOO_BIG) in errors_of(owner.post("/offers/new", offer_body(**overrides)))
    assert not Offer.objects.exists()


def test_the_largest_value_the_column_holds_is_taken(owner):
    body = offer_body(jobMinDuration=1, jobMaxDuration=2**31 - 1, vacancies=2**31 - 1)
    response = owner.post("/offers/new", body)
    assert response.status_code == 201, response.content
    assert response.json()["vacancies"] == 2**31 - 1 and response.json()["jobMaxDuration"] == 2**31 - 1


@pytest.mark.parametrize("field", ["jobMinDuration", "jobMaxDuration", "vacancies"])
def test_a_duration_or_vacancies_past_the_integer_column_is_422_on_edit(owner, make_offer, field):
    offer = make_offer()
    assert (field, TOO_BIG) in errors_of(owner.post(f"/offers/edit/{offer.pk}", {field: 2**64}))
    offer.refresh_from_db()
    assert (offer.job_min_duration, offer.job_max_duration, offer.vacancies) == (3, 6, None)


@pytest.mark.parametrize(
    "params, param, msg",
    [
        ({"jobMinDuration": "²"}, "jobMinDuration", "must-be-int"),
        ({"jobMaxDuration": "١٠"}, "jobMaxDuration", "must-be-int"),
        ({"jobMinDuration": "-²"}, "jobMinDuration", "must-be-int"),
        ({"jobMinDuration": "9" * 30}, "jobMinDuration", "must-be-int"),
        ({"jobMinDuration": "2147483648"}, "jobMinDuration", TOO_BIG),
        ({"jobMaxDuration": "9223372036854775808"}, "jobMaxDuration", TOO_BIG),
        ({"limit": "²"}, "limit", "must-be-int"),
        ({"limit": "1.0"}, "limit", "must-be-int"),
        ({"limit": "99999999999999999999"}, "limit", "size-must-be-between:[1,100]"),
    ],
)
def test_search_numbers_that_are_no_ascii_number_in_range_are_422(anon, params, param, msg):
    response = anon.get("/offers", **params)
    assert (param, msg) in errors_of(response)
    assert response.json()["errors"][0]["location"] == "query"


def test_search_with_the_largest_duration_the_column_holds_answers(anon):
    assert anon.get("/offers", jobMinDuration="2147483647").status_code == 200


@pytest.mark.parametrize("owner_id", [2**63, 10**40, -(2**63) - 1, "²", "١"])
def test_an_owner_id_past_a_bigint_or_not_ascii_names_no_company(admin, owner_id):
    response = admin.post("/offers/new", offer_body(owner=owner_id))
    assert ("owner", f"no-company-found-with-id:{owner_id}") in errors_of(response)


@pytest.mark.parametrize("offer_id", ["²", "١", "9223372036854775808", "99999999999999999999999"])
def test_an_offer_id_past_a_bigint_or_not_ascii_is_404(anon, owner, offer_id):
    assert anon.get(f"/offers/{offer_id}").status_code == 404
    response = owner.post(f"/offers/edit/{offer_id}", {"title": "x"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["msg"] == f"no-offer-found-with-id:{offer_id}"


@pytest.mark.parametrize("company_id", ["²", "9223372036854775808"])
def test_a_company_id_past_a_bigint_or_not_ascii_is_404(anon, admin, company_id):
    assert anon.get(f"/offers/company/{company_id}").status_code == 404
    response = admin.put(f"/company/{company_id}/block", {"adminReason": "Fraud"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "job_start_date",
    ["9999-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+05:00", "10000-01-01", "0000-01-01"],
)
def test_a_job_start_date_outside_the_calendar_in_utc_is_422(owner, job_start_date):
    response = owner.post("/offers/new", offer_body(jobStartDate=job_start_date))
    assert ("jobStartDate", "must-be-ISO8601-date") in errors_of(response)


@pytest.mark.parametrize("job_start_date", ["9998-12-31T23:00:00-05:00", "0001-01-01T00:00:00Z"])
def test_a_job_start_date_at_the_edge_of_the_calendar_is_stored_and_read_back(owner, job_start_date):
    created = owner.post("/offers/new", offer_body(jobStartDate=job_start_date))
    assert created.status_code == 201, created.content
    read = owner.get(f"/offers/{created.json()['id']}")
    assert read.status_code == 200 and read.json()["jobStartDate"] == created.json()["jobStartDate"]


def test_the_limit_check_refuses_a_date_before_year_one_in_utc(owner, company):
    response = owner.get(
        f"/company/{company.pk}/hasReachedMaxConcurrentOffersBetweenDates", publishDate="0001-01-01T00:00:00+05:00"
    )
    assert ("publishDate", "must-be-ISO8601-date") in errors_of(response)
