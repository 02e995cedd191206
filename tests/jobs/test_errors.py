import pytest

from jobs.api import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/nowhere", "/jobs/abc/reopen", "/locations", "/"])
def test_unknown_paths_are_404_json(owner_api, path):
    response = owner_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "method, path",
    [
        ("DELETE", "/jobs"),
        ("PUT", "/jobs"),
        ("GET", "/jobs/{id}/publish"),
        ("POST", "/jobs/{id}"),
        ("POST", "/locations/search"),
    ],
)
def test_wrong_methods_answer_in_the_envelope(owner_api, create_job, method, path):
    job = create_job()
    response = owner_api.request(method, path.format(id=job["id"]), body=None if method == "GET" else {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert "message" in response.json()["error"]


def test_a_non_json_body_is_422(owner_api):
    response = owner_api.client.post(
        "/api/external/v1/jobs",
        data="title=x",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Bearer {owner_api.raw_key}",
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_FAILED"


def test_unexpected_failures_are_internal_without_traceback(owner_api, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(views, "job_rows_for_company", explode)
    response = owner_api.get("/jobs")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "INTERNAL", "message": "An unexpected error occurred."}}
    assert b"secret" not in response.content and b"Traceback" not in response.content
