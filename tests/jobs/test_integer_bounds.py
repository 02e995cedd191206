"""Numbers the columns cannot hold are 422 in the partner API, never a 500 from the database: a locationId past the
location id column (2**63 overflowed SQLite), and query-string numbers beyond their range or not in ASCII digits."""

import pytest

from jobs.models import Job
from jobs.validators import PICK_LOCATION_MESSAGE

pytestmark = pytest.mark.django_db

OUT_OF_RANGE_IDS = [2**31, 2**63 - 1, 2**63, 2**64, 10**40, -1, -(2**63) - 1, -(10**40), 0]


def fields_of(response) -> dict:
    assert response.status_code == 422, response.content
    body = response.json()["error"]
    assert body["code"] == "VALIDATION_FAILED"
    return body["fields"]


@pytest.mark.parametrize("location_id", OUT_OF_RANGE_IDS)
def test_a_location_id_no_location_can_have_is_422_on_create(owner_api, locations, location_id):
    response = owner_api.post("/jobs", {"title": "Engineer", "locations": [{"locationId": location_id}]})
    assert fields_of(response) == {"locations[0].locationId": PICK_LOCATION_MESSAGE}
    assert not Job.objects.exists()


@pytest.mark.parametrize("location_id", [2**63, -(2**63) - 1])
def test_a_location_id_no_location_can_have_is_422_on_edit_beside_a_real_one(
    owner_api, create_job, austin, location_id
):
    job = create_job()
    response = owner_api.patch(
        f"/jobs/{job['id']}", {"locations": [{"locationId": austin.pk}, {"locationId": location_id}]}
    )
    assert fields_of(response) == {"locations[1].locationId": PICK_LOCATION_MESSAGE}
    assert [loc["locationId"] for loc in owner_api.get(f"/jobs/{job['id']}").json()["locations"]] == [austin.pk]


NOT_ASCII_NUMBERS = ["²", "١٠", "10.0", "1e3", "+5", " 5", "99999999999999999999999"]


@pytest.mark.parametrize("limit", NOT_ASCII_NUMBERS)
def test_a_job_list_limit_that_is_no_ascii_number_in_range_is_422(owner_api, limit):
    assert "limit" in fields_of(owner_api.get("/jobs", limit=limit))


@pytest.mark.parametrize("limit", ["²", "١٠", "9" * 30, "51", "0", "-1"])
def test_a_location_search_limit_out_of_range_or_not_ascii_is_422(owner_api, locations, limit):
    assert "limit" in fields_of(owner_api.get("/locations/search", q="austin", limit=limit))


def test_a_location_search_country_longer_than_its_column_is_422(owner_api, locations):
    assert "country" in fields_of(owner_api.get("/locations/search", q="austin", country="x" * 101))


def test_an_ascii_limit_in_range_still_works(owner_api, locations):
    response = owner_api.get("/locations/search", q="san", limit="3")
    assert response.status_code == 200 and len(response.json()["items"]) == 3


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": "²"}, "limit"),
        ({"limit": "١٠"}, "limit"),
        ({"limit": "9" * 30}, "limit"),
        # Before year 1 or after year 9999 once in UTC: no datetime holds them.
        ({"createdAfter": "0001-01-01T00:00:00+05:00"}, "createdAfter"),
        ({"createdAfter": "9999-12-31T23:59:59-05:00"}, "createdAfter"),
        ({"createdAfter": "10000-01-01T00:00:00Z"}, "createdAfter"),
    ],
)
def test_application_filters_beyond_their_range_are_422(owner_api, create_job, params, field):
    job = create_job()
    assert field in fields_of(owner_api.get(f"/jobs/{job['id']}/applications", **params))


def test_application_filters_at_the_edges_of_the_calendar_are_read(owner_api, create_job):
    job = create_job()
    for created_after in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"):
        response = owner_api.get(f"/jobs/{job['id']}/applications", createdAfter=created_after)
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("limit", ["²", "١٠", "9" * 30])
def test_a_webhook_delivery_log_limit_that_is_no_ascii_number_in_range_is_422(owner_api, limit):
    endpoint = owner_api.post("/webhooks", {"url": "https://93.184.216.34/hooks", "events": ["job.status_changed"]})
    assert endpoint.status_code == 201, endpoint.content
    response = owner_api.get(f"/webhooks/{endpoint.json()['id']}/deliveries", limit=limit)
    assert "limit" in fields_of(response)
