"""A blocked or disabled company reads, pauses and closes, but cannot create, edit, publish or resume jobs."""

import pytest

from companies.services import company_set_blocked, company_set_disabled


@pytest.fixture(params=["blocked", "disabled"])
def standing(request, owner_company):
    def apply():
        if request.param == "blocked":
            company_set_blocked(company=owner_company, blocked=True, admin_reason="Spam", actor=None)
        else:
            company_set_disabled(company=owner_company, disabled=True, actor=None)
        return "COMPANY_BLOCKED" if request.param == "blocked" else "COMPANY_DISABLED"

    return apply


def test_create_is_refused_and_nothing_is_stored(owner_api, owner_company, complete_job_body, standing):
    code = standing()
    response = owner_api.post("/jobs", complete_job_body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == code
    assert not owner_company.jobs.exists()


def test_edit_publish_and_resume_are_refused(owner_api, create_job, standing):
    draft = create_job()
    paused = create_job(publish=True)
    assert owner_api.post(f"/jobs/{paused['id']}/pause").status_code == 200
    code = standing()
    for response in (
        owner_api.patch(f"/jobs/{draft['id']}", {"title": "New title"}),
        owner_api.post(f"/jobs/{draft['id']}/publish"),
        owner_api.post(f"/jobs/{paused['id']}/resume"),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == code
    assert owner_api.get(f"/jobs/{draft['id']}").json()["title"] == "Backend Engineer"
    assert owner_api.get(f"/jobs/{paused['id']}").json()["status"] == "PAUSED"


def test_reads_pause_and_close_still_work(owner_api, create_job, standing):
    job = create_job(publish=True)
    standing()
    assert owner_api.get(f"/jobs/{job['id']}").status_code == 200
    assert owner_api.post(f"/jobs/{job['id']}/pause").json()["status"] == "PAUSED"
    assert owner_api.post(f"/jobs/{job['id']}/close").json()["status"] == "CLOSED"
