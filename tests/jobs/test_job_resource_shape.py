"""The partner API builds the job resource from rows (jobs.api.serializers.job_json) while the OpenAPI schema
describes it with JobSerializer: for jobs in every state the two give the same JSON, so the schema partners
generate clients from cannot drift from what the API answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.api.serializers import JobSerializer
from jobs.models import Job, Location
from jobs.selectors import jobs_for_company
from jobs.services import applications as services

pytestmark = pytest.mark.django_db


def apply(job_id: str, n: int):
    return services.application_submit(
        job_id=job_id, candidate_name=f"Candidate {n}", email=f"c{n}@example.com", answers={}, met_qualification_ids=[]
    )


@pytest.fixture
def jobs_in_every_state(create_job, owner_api, austin):
    lisbon = Location.objects.get(city="Lisbon", country_code="PT")
    live = create_job(publish=True, locations=[{"locationId": lisbon.pk}, {"locationId": austin.pk}])
    for n, status in enumerate(["pending", "accepted", "rejected", "pending"]):
        application = apply(live["id"], n)
        if status != "pending":
            services.application_decide(application=application, status=status)
    services.application_mark_viewed(application=application)
    paused = create_job(publish=True, questions=[], budgets=[])
    owner_api.post(f"/jobs/{paused['id']}/pause")
    expired = create_job(publish=True)
    Job.objects.filter(pk=expired["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    create_job(title="A draft", locations=[], qualifications=[], salaryMin=None, salaryMax=None, salaryPeriod=None)
    closed = create_job(publish=True)
    owner_api.post(f"/jobs/{closed['id']}/close")


def test_the_job_list_answers_exactly_what_the_schema_serializer_describes_for_jobs_in_every_state(
    owner_api, owner_company, jobs_in_every_state
):
    answered = owner_api.get("/jobs", limit=100).json()["items"]
    described = JobSerializer(jobs_for_company(company=owner_company), many=True, context={"now": timezone.now()}).data
    assert len(answered) == 5
    assert answered == [dict(job) for job in described]
    assert sorted(job["status"] for job in answered) == ["ACTIVE", "CLOSED", "DRAFT", "EXPIRED", "PAUSED"]
    live = next(job for job in answered if job["applicationCounts"]["pending"])
    assert live["applicationCounts"] == {"pending": 2, "accepted": 1, "rejected": 1}
    assert live["newApplicantCount"] == 3 and live["isFrozen"] is True
    assert live["locations"][0]["displayName"] == "Lisbon, Portugal"


def test_one_job_answers_exactly_what_the_schema_serializer_describes(owner_api, owner_company, jobs_in_every_state):
    for job in jobs_for_company(company=owner_company):
        answered = owner_api.get(f"/jobs/{job.pk}").json()
        assert answered == dict(JobSerializer(job, context={"now": timezone.now()}).data)
