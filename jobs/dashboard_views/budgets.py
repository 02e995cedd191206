"""The company-wide budgets page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from companies.access import company_staff_required
from companies.forms import add_errors

from .. import exceptions as exc
from ..choices import JobStatus
from ..forms import BudgetsForm
from ..models import CompanyBudget
from ..selectors import JobOffBoard, company_spend, jobs_off_board_for_budget
from ..services.budgets import company_budgets_replace
from .common import back_when, spend_help


def _job_titles(holds: list[JobOffBoard], shown: int = 5) -> str:
    titles = ", ".join(f"“{hold.job.title}”" for hold in holds[:shown])
    return titles + (f" and {len(holds) - shown} more" if len(holds) > shown else "")


@require_http_methods(["GET", "POST"])
@company_staff_required
def budgets(request, *, company):
    """Company-wide caps per window, beside what was spent in each window so far. Saving a cap below what its
    window already spent takes jobs off the board: the save then names them and says until when."""
    now = timezone.now()
    form = BudgetsForm(request.POST or None, budgets=CompanyBudget.objects.filter(company=company))
    if request.method == "POST" and form.is_valid():
        before = {hold.job.pk for hold in jobs_off_board_for_budget(company=company, now=now)}
        try:
            company_budgets_replace(company=company, budgets=form.service_data())
        except exc.ValidationFailed as error:
            add_errors(form, error.fields or {})
        else:
            after = jobs_off_board_for_budget(company=company, now=timezone.now())
            left = [hold for hold in after if hold.job.pk not in before and hold.job.status == JobStatus.ACTIVE]
            if left:
                messages.warning(
                    request,
                    f"Company budgets saved. A cap is now below what its window has already spent plus one bid, so "
                    f"candidates no longer see {len(left)} job{pluralize(len(left))}{back_when(left)}: "
                    f"{_job_titles(left)}. Each is listed below with why.",
                )
            else:
                messages.success(request, "Company budgets saved.")
            return redirect("dashboard-budgets")
    spend = company_spend(company=company, now=now)
    spend_help(form, spend)
    off_board = jobs_off_board_for_budget(company=company, now=now, status=JobStatus.ACTIVE)
    context = {"form": form, "spend": spend, "off_board": off_board, "off_board_total": len(off_board)}
    return render(request, "jobs/dashboard/budgets.html", context)
