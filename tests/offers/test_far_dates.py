"""Dates too close to the end of the calendar to compute a six-month window from are unreadable, not a 500."""

from tests.helpers import offer_body


def test_a_publish_window_in_year_9999_is_refused_as_a_date(owner):
    response = owner.post("/offers/new", offer_body(publishDate="9999-12-01T00:00:00Z", publishEndDate="9999-12-31"))
    assert response.status_code == 422
    assert {(e["param"], e["msg"]) for e in response.json()["errors"]} >= {
        ("publishDate", "must-be-ISO8601-date"),
        ("publishEndDate", "must-be-ISO8601-date"),
    }


def test_the_limit_check_refuses_year_9999_as_a_date(owner, company):
    response = owner.get(f"/company/{company.pk}/hasReachedMaxConcurrentOffersBetweenDates", publishDate="9999-12-01")
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "must-be-ISO8601-date"
