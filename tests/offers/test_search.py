from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_create
from plumbing.times import iso_z

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [o["id"] for o in response.json()["results"]]


def test_full_text_ranks_title_above_other_fields(anon, make_offer):
    in_tech = make_offer(title="Data Engineer", technologies=["Django"], fields=["DATA SCIENCE"])
    in_title = make_offer(title="Django Developer", technologies=["Python"])
    make_offer(title="Office Manager", technologies=["Other"], fields=["MANAGEMENT"], jobType="OTHER")
    assert ids(anon.get("/offers", value="django")) == [str(in_title.pk), str(in_tech.pk)]


def test_it_searches_company_name_and_location(anon, make_offer):
    acme = company_create(name="Zebracorp")
    mine = make_offer(target=acme, location="Lisbon, Portugal")
    make_offer(location="Porto, Portugal")
    assert ids(anon.get("/offers", value="zebracorp")) == [str(mine.pk)]
    assert ids(anon.get("/offers", value="lisbon")) == [str(mine.pk)]


def test_filters(anon, make_offer):
    a = make_offer(jobType="FULL-TIME", fields=["BACKEND"], technologies=["Go"], jobMinDuration=1, jobMaxDuration=3)
    b = make_offer(
        jobType="PART-TIME", fields=["FRONTEND", "MOBILE"], technologies=["React"], jobMinDuration=6, jobMaxDuration=...
    )
    assert ids(anon.get("/offers", jobType="FULL-TIME")) == [str(a.pk)]
    assert set(ids(anon.get("/offers", **{"fields[]": ["MOBILE", "BACKEND"]}))) == {str(a.pk), str(b.pk)}
    assert ids(anon.get("/offers", fields="MOBILE")) == [str(b.pk)]
    assert ids(anon.get("/offers", technologies="React")) == [str(b.pk)]
    # Overlapping duration ranges; no jobMaxDuration is open-ended.
    assert ids(anon.get("/offers", jobMinDuration=12)) == [str(b.pk)]
    assert ids(anon.get("/offers", jobMaxDuration=2)) == [str(a.pk)]
    assert set(ids(anon.get("/offers", jobMinDuration=3, jobMaxDuration=6))) == {str(a.pk), str(b.pk)}


@pytest.mark.parametrize(
    "params, param",
    [
        ({"jobType": "NOPE"}, "jobType"),
        ({"fields": "COOKING"}, "fields"),
        ({"technologies[]": "Cobolt"}, "technologies"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "x"}, "limit"),
        ({"jobMinDuration": "a"}, "jobMinDuration"),
        ({"showHidden": "maybe"}, "showHidden"),
        ({"queryToken": "tampered"}, "queryToken"),
    ],
)
def test_bad_search_parameters_are_422(anon, params, param):
    response = anon.get("/offers", **params)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["param"] == param and error["location"] == "query"


def test_a_tampered_query_token_is_invalid(anon, make_offer):
    for _ in range(3):
        make_offer()
    token = anon.get("/offers", limit=1).json()["queryToken"]
    response = anon.get("/offers", limit=1, queryToken=token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "invalid-query-token"


@pytest.mark.parametrize("value", ["", "intern"])
def test_keyset_pages_are_stable_and_complete(anon, make_offer, company, value):
    others = [company_create(name=f"Co {i}") for i in range(3)]
    now = timezone.now()
    made = []
    for i, target in enumerate([company] * 4 + others * 3):
        made.append(
            make_offer(target=target, title=f"Intern {i}", publishEndDate=iso_z(now + timedelta(days=30 + i % 3))).pk
        )
    seen, token = [], None
    while True:
        params = {"limit": 4, "value": value, **({"queryToken": token} if token else {})}
        body = anon.get("/offers", **params).json()
        seen += [o["id"] for o in body["results"]]
        token = body["queryToken"]
        if not token:
            break
    assert sorted(seen) == sorted(str(pk) for pk in made)
    assert len(seen) == len(set(seen))


def test_hidden_offers_only_for_owner_and_admin_with_show_hidden(anon, owner, rival, admin, make_offer, other):
    visible = make_offer()
    hidden = make_offer()
    owner.post(f"/offers/{hidden.pk}/hide")
    rivals_hidden = make_offer(target=other)
    rival.post(f"/offers/{rivals_hidden.pk}/hide")
    assert ids(anon.get("/offers", showHidden="true")) == [str(visible.pk)]
    assert set(ids(owner.get("/offers", showHidden="true"))) == {str(visible.pk), str(hidden.pk)}
    assert set(ids(owner.get("/offers"))) == {str(visible.pk)}
    assert set(ids(admin.get("/offers", showHidden="true"))) == {str(visible.pk), str(hidden.pk), str(rivals_hidden.pk)}


def test_archived_offers_never_come_back(owner, make_offer):
    offer = make_offer()
    owner.put(f"/offers/{offer.pk}/archive")
    assert ids(owner.get("/offers", showHidden="true")) == []


def test_nul_in_search_is_422(anon):
    response = anon.get("/offers", value="a\x00b")
    assert response.status_code == 422 and response.json()["errors"][0]["param"] == "value"
