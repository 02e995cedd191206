"""Listing and reading applications costs a constant number of queries, however many there are."""

import pytest

from jobs.models import Job
from jobs.services.applications import application_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(create_job):
    questions = [{"prompt": f"Question {i}?"} for i in range(5)]
    return Job.objects.get(pk=create_job(publish=True, questions=questions)["id"])


def receive(job: Job, count: int) -> list:
    """`count` applications, each answering every question and meeting every qualification."""
    questions, qualifications = list(job.questions.all()), list(job.qualifications.all())
    return [
        application_submit(
            job_id=job.pk,
            candidate_name=f"Candidate {i}",
            email=f"c{i}@candidates.example",
            answers={str(q.pk): f"answer {i}" for q in questions},
            met_qualification_ids=[q.pk for q in qualifications],
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("applications", [1, 15])
def test_the_list_costs_the_same_for_one_application_or_fifteen(
    owner_api, job, django_assert_num_queries, applications
):
    receive(job, applications)
    # key lookup, the job, the page, qualifications met, the job's questions
    with django_assert_num_queries(5):
        response = owner_api.get(f"/jobs/{job.pk}/applications", limit=100)
    data = response.json()["data"]
    assert len(data) == applications
    assert all(len(a["answers"]) == 5 and len(a["metQualificationIds"]) == 2 for a in data)


@pytest.mark.parametrize("applications", [1, 15])
def test_one_application_costs_the_same_whatever_the_job_holds(owner_api, job, django_assert_num_queries, applications):
    application = receive(job, applications)[-1]
    # key lookup, the application with its job, qualifications met, the job's questions
    with django_assert_num_queries(4):
        response = owner_api.get(f"/applications/{application.pk}")
    assert len(response.json()["answers"]) == 5
