"""List and detail cost a constant number of queries, however much data a job carries."""

import pytest

from jobs.models import Location
from jobs.services import jobs as services

pytestmark = pytest.mark.django_db


def make_jobs(company, n, children):
    locations = list(Location.objects.filter(country_code="US").order_by("id")[:children])
    for i in range(n):
        job = services.job_create(
            company=company,
            data={
                "title": f"Job {i}",
                "locations": [loc.pk for loc in locations],
                "qualifications": [{"text": f"q{k}", "kind": "REQUIRED", "order": k} for k in range(children)],
                "questions": [{"prompt": f"p{k}", "order": k, "options": ["a", "b"]} for k in range(children)],
                "budgets": [{"window": "DAILY", "budget_cents": 100, "notes": ""}],
            },
        )
    return job


@pytest.mark.parametrize("jobs, children", [(1, 1), (25, 8)])
def test_list_cost_is_constant(owner_api, owner_company, locations, django_assert_max_num_queries, jobs, children):
    make_jobs(owner_company, jobs, children)
    # key lookup, rate limit is Redis, list, 4 prefetches
    with django_assert_max_num_queries(7):
        response = owner_api.get("/jobs", limit=100)
    assert len(response.json()["items"]) == jobs
    assert len(response.json()["items"][0]["qualifications"]) == children


@pytest.mark.parametrize("children", [1, 20])
def test_detail_cost_is_constant(owner_api, owner_company, locations, django_assert_max_num_queries, children):
    job = make_jobs(owner_company, 1, children)
    with django_assert_max_num_queries(7):
        response = owner_api.get(f"/jobs/{job.pk}")
    assert len(response.json()["questions"]) == children
