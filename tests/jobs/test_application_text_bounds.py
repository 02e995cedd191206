"""What a candidate sends is bounded: each free-text answer to 5,000 characters and the name to 200, on the
apply form and in the service behind it; a refused application stores and charges nothing."""

import pytest
from django.test import Client

from jobs import exceptions
from jobs.models import Application, Charge, Job
from jobs.services import applications as services

pytestmark = pytest.mark.django_db

FREE_TEXT = [{"prompt": "Why us?"}, {"prompt": "Start date?", "options": ["Now", "Later"]}]


@pytest.fixture
def job(create_job):
    return Job.objects.get(pk=create_job(publish=True, questions=FREE_TEXT)["id"])


def form(job: Job, *, name: str = "Casey", why: str = "I like APIs.") -> dict:
    free, choice = job.questions.order_by("pk")
    return {
        "candidate_name": name,
        "email": "casey@example.com",
        f"question_{free.pk}": why,
        f"question_{choice.pk}": "Now",
        "qualifications": [str(q.pk) for q in job.qualifications.all()],
    }


def apply(job: Job, **fields):
    return Client(REMOTE_ADDR="10.31.0.1").post(f"/jobs/{job.pk}/apply", form(job, **fields))


def test_an_answer_of_5001_characters_is_refused_beside_the_question(job):
    response = apply(job, why="x" * 5001)

    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.content.decode()
    assert not Application.objects.exists()
    assert not Charge.objects.exists()


def test_an_answer_of_5000_characters_is_stored_whole(job):
    response = apply(job, why="x" * 5000)

    assert response.status_code == 302
    free = job.questions.order_by("pk").first()
    assert Application.objects.get().answers[str(free.pk)] == "x" * 5000


def test_a_name_of_201_characters_is_refused(job):
    response = apply(job, name="N" * 201)

    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 201)." in response.content.decode()
    assert not Application.objects.exists()


def test_the_form_tells_the_browser_each_bound(job):
    content = Client().get(f"/jobs/{job.pk}/apply").content.decode()

    assert 'maxlength="5000"' in content
    assert 'maxlength="200"' in content


def test_the_service_refuses_a_megabyte_answer_and_stores_nothing(job):
    free = job.questions.order_by("pk").first()
    with pytest.raises(exceptions.ValidationFailed) as refused:
        services.application_submit(
            job_id=job.pk,
            candidate_name="Casey",
            email="casey@example.com",
            answers={str(free.pk): "x" * 2_400_000},
            met_qualification_ids=[],
        )

    assert refused.value.fields == {f"answers[{free.pk}]": "At most 5000 characters."}
    assert not Application.objects.exists()
