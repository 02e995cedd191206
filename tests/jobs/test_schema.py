import pytest
import yaml

from tests.helpers import OFFERS_API_PATHS, PARTNER_JOB_API_PATHS

pytestmark = pytest.mark.django_db


def test_schema_describes_the_partner_api(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    for path in PARTNER_JOB_API_PATHS:
        assert path in paths, path
    create = paths["/api/external/v1/jobs"]["post"]
    assert {"201", "401", "402", "409", "422", "429"} <= set(create["responses"])
    assert "bidPerQualifiedApplicantCents" in schema["components"]["schemas"]["JobCreateRequest"]["properties"]
    assert schema["components"]["schemas"]["JobCreateRequest"]["required"] == ["title"]
    assert "publish" not in schema["components"]["schemas"]["PatchedJobInputRequest"]["properties"]
    assert "Error" in schema["components"]["schemas"]


def test_swagger_ui_is_served_with_local_assets(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    assert b"cdn" not in page.content.lower()


def test_schema_describes_the_offers_api(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path in OFFERS_API_PATHS:
        assert path in schema["paths"], path
    assert "409" in schema["paths"]["/api/offers/new"]["post"]["responses"]
    assert "OffersError" in schema["components"]["schemas"]
