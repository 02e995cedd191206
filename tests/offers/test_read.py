from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from plumbing.times import iso_z

pytestmark = pytest.mark.django_db


def test_anyone_reads_an_active_offer(anon, make_offer):
    offer = make_offer()
    response = anon.get(f"/offers/{offer.pk}")
    assert response.status_code == 200 and response.json()["id"] == str(offer.pk)


def test_scheduled_ended_hidden_and_archived_are_404_for_others(anon, rival, owner, admin, god, make_offer):
    now = timezone.now()
    scheduled = make_offer(publishDate=iso_z(now + timedelta(days=3)))
    hidden = make_offer()
    owner.post(f"/offers/{hidden.pk}/hide")
    archived = make_offer()
    owner.put(f"/offers/{archived.pk}/archive")
    for offer in (scheduled, hidden, archived):
        for outsider in (anon, rival):
            response = outsider.get(f"/offers/{offer.pk}")
            assert response.status_code == 404
            assert response.json()["errors"][0]["msg"] == f"no-offer-found-with-id:{offer.pk}"
        for insider in (owner, admin, god):
            assert insider.get(f"/offers/{offer.pk}").status_code == 200


def test_an_ended_offer_disappears_at_publish_end_without_any_sweep(anon, make_offer):
    offer = make_offer(publishEndDate=iso_z(timezone.now() + timedelta(days=2)))
    with time_machine.travel(offer.publish_end_date):
        assert anon.get(f"/offers/{offer.pk}").status_code == 404
    with time_machine.travel(offer.publish_end_date - timedelta(seconds=1)):
        assert anon.get(f"/offers/{offer.pk}").status_code == 200


def test_offers_of_a_blocked_company_are_not_public(anon, company, make_offer):
    offer = make_offer()
    company.is_blocked = True
    company.save()
    assert anon.get(f"/offers/{offer.pk}").status_code == 404


@pytest.mark.parametrize("offer_id", ["0", "abc", "99999999"])
def test_unknown_or_malformed_offer_is_404(anon, offer_id):
    response = anon.get(f"/offers/{offer_id}")
    assert response.status_code == 404
    assert response.json() == {"error_code": 3, "errors": [{"msg": f"no-offer-found-with-id:{offer_id}"}]}


def test_company_offers_active_for_anyone_all_for_owner_and_admin(anon, owner, admin, company, make_offer):
    active = make_offer()
    hidden = make_offer()
    owner.post(f"/offers/{hidden.pk}/hide")
    assert [o["id"] for o in anon.get(f"/offers/company/{company.pk}").json()] == [str(active.pk)]
    assert {o["id"] for o in owner.get(f"/offers/company/{company.pk}").json()} == {str(active.pk), str(hidden.pk)}
    assert len(admin.get(f"/offers/company/{company.pk}").json()) == 2


def test_company_offers_of_an_unknown_company_is_404(anon):
    response = anon.get("/offers/company/777777")
    assert response.status_code == 404
    assert response.json()["errors"][0]["msg"] == "no-company-found-with-id:777777"


def test_has_reached_max(owner, rival, admin, company, make_offer):
    path = f"/company/{company.pk}/hasReachedMaxConcurrentOffersBetweenDates"
    assert owner.get(path).json() == {"maxOffersReached": False}
    for _ in range(5):
        make_offer()
    assert owner.get(path).json() == {"maxOffersReached": True}
    later = timezone.now() + timedelta(days=90)
    assert admin.get(path, publishDate=iso_z(later), publishEndDate=iso_z(later + timedelta(days=10))).json() == {
        "maxOffersReached": False
    }
    assert rival.get(path).status_code == 403
    bad = owner.get(path, publishDate="soon")
    assert bad.status_code == 422
    assert bad.json()["errors"][0] == {
        "msg": "must-be-ISO8601-date",
        "param": "publishDate",
        "location": "query",
        "value": "soon",
    }


def test_unknown_api_paths_answer_in_the_error_shape(anon):
    response = anon.get("/nowhere")
    assert response.status_code == 404
    assert response.json() == {"error_code": 3, "errors": [{"msg": "not-found"}]}


def test_search_has_a_gin_index_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'offer_search_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
