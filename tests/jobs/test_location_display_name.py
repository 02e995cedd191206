"""displayName is "City, full state name, Country" where the place has a state ("San Francisco, California, United
States"), else "City, Country", in job locations and location search alike; and a place written that way (or as
"City, ST") finds itself in location search."""

import pytest

from jobs.models import Location

pytestmark = pytest.mark.django_db

SAN_FRANCISCO = "San Francisco, California, United States"


@pytest.fixture
def san_francisco(locations):
    return Location.objects.get(city="San Francisco", state_code="CA", country_code="US")


def first(owner_api, **params) -> dict:
    response = owner_api.get("/locations/search", **params)
    assert response.status_code == 200, response.content
    return response.json()["items"][0]


def test_location_search_names_a_us_city_with_its_full_state_and_country(owner_api, san_francisco):
    item = first(owner_api, q="San Francisco")
    assert item == {
        "locationId": san_francisco.pk,
        "displayName": SAN_FRANCISCO,
        "city": "San Francisco",
        "stateProvince": "California",
        "country": "United States",
    }


def test_a_place_without_a_state_reads_city_and_country(owner_api, locations):
    item = first(owner_api, q="Lisbon", country="Portugal")
    assert item["displayName"] == "Lisbon, Portugal" and item["stateProvince"] is None


def test_a_jobs_locations_read_the_same_as_search(owner_api, san_francisco):
    created = owner_api.post("/jobs", {"title": "Engineer", "locations": [first(owner_api, q="San Francisco")]})
    assert created.status_code == 201, created.content
    assert created.json()["locations"][0]["displayName"] == SAN_FRANCISCO
    listed = owner_api.get("/jobs").json()["items"][0]
    assert listed["locations"][0]["displayName"] == SAN_FRANCISCO


@pytest.mark.parametrize("query", [SAN_FRANCISCO, "San Francisco, California", "san francisco, ca", "San Fran, Calif"])
def test_a_place_written_as_displayed_finds_itself_first(owner_api, san_francisco, query):
    assert first(owner_api, q=query)["locationId"] == san_francisco.pk


@pytest.mark.parametrize("query, state", [("Portland, Oregon", "Oregon"), ("Portland, Maine", "Maine")])
def test_the_state_after_the_city_picks_between_cities_of_one_name(owner_api, locations, query, state):
    items = owner_api.get("/locations/search", q=query).json()["items"]
    assert items and {item["stateProvince"] for item in items} == {state}


def test_a_state_no_city_of_that_name_is_in_finds_nothing(owner_api, locations):
    assert owner_api.get("/locations/search", q="San Francisco, Texas").json()["items"] == []


def test_the_dashboard_suggestions_show_the_same_name(staff, san_francisco):
    response = staff.get("/dashboard/jobs/locations/", {"location_q": "San Francisco, California"})
    assert response.status_code == 200 and SAN_FRANCISCO in response.content.decode()
