from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from jobs.models import Job

pytestmark = pytest.mark.django_db


def test_pause_resume_close(owner_api, create_job):
    job = create_job(publish=True)
    paused = owner_api.post(f"/jobs/{job['id']}/pause").json()
    assert paused["status"] == "PAUSED"
    assert paused["expiresAt"] == job["expiresAt"]  # pausing does not extend
    assert owner_api.post(f"/jobs/{job['id']}/resume").json()["status"] == "ACTIVE"
    closed = owner_api.post(f"/jobs/{job['id']}/close").json()
    assert closed["status"] == "CLOSED" and closed["closedAt"] is not None


def test_a_paused_job_can_be_closed(owner_api, create_job):
    job = create_job(publish=True)
    owner_api.post(f"/jobs/{job['id']}/pause")
    assert owner_api.post(f"/jobs/{job['id']}/close").json()["status"] == "CLOSED"


@pytest.mark.parametrize(
    "setup, action",
    [
        ([], "pause"),
        ([], "resume"),
        ([], "close"),
        (["publish"], "resume"),
        (["publish", "pause"], "pause"),
        (["publish", "close"], "resume"),
        (["publish", "close"], "pause"),
        (["publish", "close"], "close"),
        (["publish", "close"], "publish"),
    ],
)
def test_illegal_transitions_are_409(owner_api, create_job, setup, action):
    job = create_job()
    for step in setup:
        assert owner_api.post(f"/jobs/{job['id']}/{step}").status_code == 200
    before = Job.objects.get(pk=job["id"]).status
    response = owner_api.post(f"/jobs/{job['id']}/{action}")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "INVALID_TRANSITION"
    assert Job.objects.get(pk=job["id"]).status == before


def test_an_expired_job_cannot_be_paused_resumed_or_closed(owner_api, create_job):
    job = create_job(publish=True)
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        for action in ("pause", "resume", "close"):
            response = owner_api.post(f"/jobs/{job['id']}/{action}")
            assert response.status_code == 409, action
            assert response.json()["error"]["code"] == "INVALID_TRANSITION"


@pytest.mark.parametrize("action", ["pause", "resume", "close"])
def test_other_company_gets_404(other_api, create_job, action):
    job = create_job(publish=True)
    assert other_api.post(f"/jobs/{job['id']}/{action}").status_code == 404
    assert Job.objects.get(pk=job["id"]).status == "ACTIVE"


@pytest.mark.parametrize("action", ["pause", "resume", "close"])
def test_it_requires_a_key(anonymous_api, create_job, action):
    job = create_job(publish=True)
    assert anonymous_api.post(f"/jobs/{job['id']}/{action}").status_code == 401
