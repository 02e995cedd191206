"""The dashboard's daily figures of one job: the Performance section of its page and their CSV."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from companies.access import company_staff_required
from plumbing.day_ranges import Column, chart_table, chosen_range, daily_csv, range_refused

from ..models import Job
from ..selectors import job_days, job_stats

# The table's and the CSV's columns: the API's keys (jobs/api/stats.py), in words for people.
JOB_COLUMNS = (
    Column("views", "Views", "views"),
    Column("applications", "Applications", "applications"),
    Column("qualified_applications", "Qualified applications", "qualifiedApplications"),
    Column("accepted", "Accepted", "accepted"),
    Column("rejected", "Rejected", "rejected"),
    Column("spend_cents", "Spend", "spendCents", money=True),
)


def performance_context(request, job: Job) -> dict[str, Any]:
    """The range asked for in the page's GET (refused, the last 30 days with its errors) and the job's figures."""
    today = timezone.now().date()
    chosen = chosen_range(params=request.GET, today=today)
    stats = job_stats(job_id=job.pk, date_from=chosen.start, date_to=chosen.end)
    return {
        "range": chosen,
        "presets": chosen.presets(today=today),
        "stats": stats,
        "chart": chart_table(
            caption=f"Per day, {chosen.start:%Y-%m-%d} to {chosen.end:%Y-%m-%d} (UTC)",
            columns=JOB_COLUMNS,
            days=stats.days,
        ),
    }


@require_GET
@company_staff_required
def job_stats_csv(request, job_id, *, company):
    job = get_object_or_404(Job, company=company, pk=job_id)
    chosen = chosen_range(params=request.GET, today=timezone.now().date())
    if chosen.errors:
        return range_refused(chosen)
    days = job_days(job_id=job.pk, date_from=chosen.start, date_to=chosen.end)
    filename = f"job-{job.pk}-{chosen.start.isoformat()}-{chosen.end.isoformat()}.csv"
    return daily_csv(filename=filename, columns=JOB_COLUMNS, days=days)
