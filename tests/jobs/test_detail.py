import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_own_job(owner_api, create_job):
    job = create_job()
    response = owner_api.get(f"/jobs/{job['id']}")
    assert response.status_code == 200
    assert response.json() == job


def test_other_company_gets_404_like_a_missing_job(other_api, owner_api, create_job):
    job = create_job()
    foreign = other_api.get(f"/jobs/{job['id']}")
    missing = owner_api.get("/jobs/00000000-0000-0000-0000-000000000000")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == {"error": {"code": "NOT_FOUND", "message": "Not found."}}


@pytest.mark.parametrize("job_id", ["123", "not-a-uuid", "%20"])
def test_malformed_ids_are_404(owner_api, job_id):
    response = owner_api.get(f"/jobs/{job_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_it_requires_a_key(anonymous_api, create_job):
    assert anonymous_api.get(f"/jobs/{create_job()['id']}").status_code == 401
