"""The company application endpoints are documented in the OpenAPI schema (drf-spectacular), with their bodies,
results and refusals, beside the offers API's paths, which keep theirs."""

import pytest
import yaml

from tests.helpers import OFFERS_API_PATHS

pytestmark = pytest.mark.django_db

APPLICATION_OPERATIONS = {
    ("/api/apply/company", "post"): {"200", "422", "429"},
    ("/api/apply/company/validate/{token}/confirm", "post"): {"200", "404", "409", "410"},
    ("/api/applications/company/search", "get"): {"200", "401", "422"},
    ("/api/applications/company/{application_id}/approve", "post"): {"200", "401", "404", "409"},
    ("/api/applications/company/{application_id}/reject", "post"): {"200", "401", "404", "409", "422"},
}


def test_the_schema_documents_every_company_application_operation(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    for (path, method), statuses in APPLICATION_OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert statuses <= set(operation["responses"]), (path, method)
    apply = schema["paths"]["/api/apply/company"]["post"]
    body = apply["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][body]["properties"]) == {
        "email",
        "password",
        "companyName",
        "motivation",
    }
    result = schema["components"]["schemas"]["CompanyApplication"]["properties"]
    assert {"id", "email", "companyName", "motivation", "submittedAt", "state"} <= set(result)
    assert "password" not in result
    search = {p["name"] for p in schema["paths"]["/api/applications/company/search"]["get"]["parameters"]}
    assert {"companyName", "state", "submissionDateFrom", "submissionDateTo", "sortBy", "descending"} <= search
    assert {"limit", "offset"} <= search
    assert all(path in schema["paths"] for path in OFFERS_API_PATHS)
