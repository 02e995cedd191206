import pytest

from jobs.locations_data import load_locations
from jobs.models import Location

pytestmark = pytest.mark.django_db


def test_it_finds_us_cities_biggest_first(owner_api):
    response = owner_api.get("/locations/search", q="san")
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["city"] in ("San Antonio", "San Diego", "San Jose", "San Francisco")
    assert all(item["country"] == "United States" for item in items)
    assert set(items[0]) == {"locationId", "displayName", "city", "stateProvince", "country"}
    assert isinstance(items[0]["locationId"], int)


def test_it_searches_another_country(owner_api):
    items = owner_api.get("/locations/search", q="Lisbon", country="Portugal").json()["items"]
    assert items[0]["city"] == "Lisbon" and items[0]["country"] == "Portugal"


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_a_missing_or_empty_q_is_422(owner_api, params):
    response = owner_api.get("/locations/search", **params)
    assert response.status_code == 422
    assert "q" in response.json()["error"]["fields"]


def test_ids_are_stable_across_loads():
    before = dict(Location.objects.values_list("city", "id").filter(city__in=["Austin", "Denver"], country_code="US"))
    count = Location.objects.count()
    load_locations(Location)
    assert Location.objects.count() == count
    assert (
        dict(Location.objects.values_list("city", "id").filter(city__in=["Austin", "Denver"], country_code="US"))
        == before
    )


def test_it_requires_a_key(anonymous_api):
    assert anonymous_api.get("/locations/search", q="austin").status_code == 401
