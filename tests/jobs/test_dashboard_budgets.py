"""Company-wide budgets in the dashboard: set, replace, clear, with spend per window."""

from jobs.models import CompanyBudget, Job
from jobs.services.applications import application_submit


def test_setting_caps_stores_them_in_cents_and_an_empty_window_clears_its_cap(staff, owner_company):
    staff.post("/dashboard/budgets/", {"DAILY_amount": "25.50", "DAILY_notes": "Slow start", "LIFETIME_amount": "1000"})
    caps = {b.window: (b.budget_cents, b.notes) for b in CompanyBudget.objects.filter(company=owner_company)}
    assert caps == {"DAILY": (2550, "Slow start"), "LIFETIME": (100000, "")}
    staff.post("/dashboard/budgets/", {"LIFETIME_amount": "900"})
    caps = {b.window: b.budget_cents for b in CompanyBudget.objects.filter(company=owner_company)}
    assert caps == {"LIFETIME": 90000}


def test_a_negative_cap_is_refused_beside_its_field(staff, owner_company):
    response = staff.post("/dashboard/budgets/", {"WEEKLY_amount": "-5"})
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not CompanyBudget.objects.filter(company=owner_company).exists()


def test_spend_this_window_is_shown_against_the_cap(staff, owner_company, create_job):
    job = Job.objects.get(pk=create_job(publish=True)["id"])
    python = job.qualifications.get(text="Python")
    application_submit(
        job_id=job.pk, candidate_name="A", email="a@x.example", answers={}, met_qualification_ids=[python.pk]
    )
    staff.post("/dashboard/budgets/", {"MONTHLY_amount": "20"})
    page = staff.get("/dashboard/budgets/").content.decode()
    assert "$5.00" in page and "$20.00" in page and "25% used" in page
