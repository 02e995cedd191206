"""Publish, pause, resume and close from the dashboard: the partner API's transitions and gates."""

from companies.models import Company
from jobs.models import Job


def test_publishing_a_draft_makes_it_live(staff, create_job):
    job = create_job()
    response = staff.post(f"/dashboard/jobs/{job['id']}/publish/", follow=True)
    assert "Published" in response.content.decode()
    assert Job.objects.get(pk=job["id"]).status == "ACTIVE"


def test_an_incomplete_draft_lists_each_gap_with_a_link_to_fix_it(staff, create_job):
    job = create_job(jobLevel=None, qualifications=[])
    page = staff.get(f"/dashboard/jobs/{job['id']}/").content.decode()
    assert "Before you can publish" in page
    assert f"/dashboard/jobs/{job['id']}/edit/#field-job_level" in page
    assert "At least one REQUIRED qualification is required to publish." in page
    response = staff.post(f"/dashboard/jobs/{job['id']}/publish/", follow=True)
    assert "not ready to publish" in response.content.decode()
    assert Job.objects.get(pk=job["id"]).status == "DRAFT"


def test_missing_terms_and_payment_are_named_with_links_and_block_the_publish(staff, owner_company, create_job):
    job = create_job()
    Company.objects.filter(pk=owner_company.pk).update(terms_version_accepted="", payment_card_last4="")
    page = staff.get(f"/dashboard/jobs/{job['id']}/").content.decode()
    assert "Employer terms" in page and "/dashboard/company/terms/" in page
    assert "Payment method" in page and "/dashboard/company/payment/" in page
    response = staff.post(f"/dashboard/jobs/{job['id']}/publish/", follow=True)
    assert "accept the current employer terms" in response.content.decode()
    assert Job.objects.get(pk=job["id"]).status == "DRAFT"


def test_pause_then_resume(staff, create_job):
    job = create_job(publish=True)
    staff.post(f"/dashboard/jobs/{job['id']}/pause/")
    assert Job.objects.get(pk=job["id"]).status == "PAUSED"
    staff.post(f"/dashboard/jobs/{job['id']}/resume/")
    assert Job.objects.get(pk=job["id"]).status == "ACTIVE"


def test_close_needs_the_confirmation_box(staff, create_job):
    job = create_job(publish=True)
    response = staff.post(f"/dashboard/jobs/{job['id']}/close/", follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    assert Job.objects.get(pk=job["id"]).status == "ACTIVE"
    staff.post(f"/dashboard/jobs/{job['id']}/close/", {"confirm": "yes"})
    assert Job.objects.get(pk=job["id"]).status == "CLOSED"


def test_an_illegal_transition_is_explained(staff, create_job):
    job = create_job()
    response = staff.post(f"/dashboard/jobs/{job['id']}/resume/", follow=True)
    assert "Cannot resume a job that is DRAFT." in response.content.decode()


def test_the_job_list_filters_by_status_and_text(staff, create_job):
    create_job(title="Rust Developer", publish=True)
    create_job(title="Python Developer")
    page = staff.get("/dashboard/jobs/", {"status": "DRAFT"}).content.decode()
    assert "Python Developer" in page and "Rust Developer" not in page
    page = staff.get("/dashboard/jobs/", {"q": "rust"}).content.decode()
    assert "Rust Developer" in page and "Python Developer" not in page
    page = staff.get("/dashboard/jobs/", {"q": "nothing-like-this"}).content.decode()
    assert "No jobs match" in page and "Clear the filters" in page
