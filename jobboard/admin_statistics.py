"""The Django admin's platform statistics page: every company's postings published, applications, spend, new
companies and sign-ups waiting for review per UTC day, over a range picked as on a job's page, as charts over their
table and a CSV. Staff with jobs.view_platform_statistics (and superusers) see it; it links from the admin index."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from companies.models import ApplicationState
from plumbing.day_ranges import Column, chart_table, chosen_range, daily_csv, range_refused

from .selectors import platform_days

PERMISSION = "jobs.view_platform_statistics"

# The CSV's columns, in this order; the two charts each draw some of them.
POSTING_COLUMNS = (
    Column("postings_published", "Postings published", "postingsPublished"),
    Column("applications", "Applications", "applications"),
    Column("spend_cents", "Spend", "spendCents", money=True),
)
COMPANY_COLUMNS = (
    Column("new_companies", "New companies", "newCompanies"),
    Column("signups_waiting", "Sign-ups to review", "signupsWaiting"),
)


def statistics_view(view):
    """Admin staff only (others go to the admin's login), with the page's permission (else 403), GET only."""
    return admin.site.admin_view(permission_required(PERMISSION, raise_exception=True)(require_GET(view)))


@statistics_view
def platform_statistics(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    chosen = chosen_range(params=request.GET, today=now.date())
    days = platform_days(date_from=chosen.start, date_to=chosen.end, now=now)
    span = f"{chosen.start:%Y-%m-%d} to {chosen.end:%Y-%m-%d} (UTC)"
    totals: list[dict[str, Any]] = [
        {"label": column.label, "money": column.money, "value": sum(day[column.field] for day in days)}
        for column in POSTING_COLUMNS + COMPANY_COLUMNS[:1]
    ]
    review_url = reverse("admin:companies_companyapplication_changelist")
    context = {
        **admin.site.each_context(request),
        "title": "Platform statistics",
        "range": chosen,
        "presets": chosen.presets(today=now.date()),
        "charts": [
            chart_table(
                caption=f"Postings, applications and spend per day, {span}", columns=POSTING_COLUMNS, days=days
            ),
            chart_table(caption=f"Companies per day, {span}", columns=COMPANY_COLUMNS, days=days),
        ],
        "totals": totals,
        "waiting_now": days[-1]["signups_waiting"] if chosen.end == now.date() else None,
        "review_url": f"{review_url}?state__exact={ApplicationState.PENDING}",
    }
    return render(request, "admin/platform_statistics.html", context)


@statistics_view
def platform_statistics_csv(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    chosen = chosen_range(params=request.GET, today=now.date())
    if chosen.errors:
        return range_refused(chosen)
    days = platform_days(date_from=chosen.start, date_to=chosen.end, now=now)
    filename = f"platform-{chosen.start.isoformat()}-{chosen.end.isoformat()}.csv"
    return daily_csv(filename=filename, columns=POSTING_COLUMNS + COMPANY_COLUMNS, days=days)
