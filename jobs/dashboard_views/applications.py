"""The dashboard's application pages: lists, one application, decisions, spam, the CSV export."""

import csv

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from companies.access import company_staff_required

from .. import exceptions as exc
from ..choices import ApplicationStatus
from ..forms import ApplicationFilter
from ..models import Application, Job
from ..services.applications import DECISIONS, application_mark_viewed, application_reopen
from ..services.applications import application_decide as application_decide_service
from ..services.applications import application_mark_spam as application_mark_spam_service
from .common import page_of


def _applications(company):
    # New (never opened) first, then newest.
    return (
        Application.objects.filter(job__company=company)
        .select_related("job")
        .order_by(F("viewed_at").asc(nulls_first=True), "-created_at", "-id")
    )


@require_GET
@company_staff_required
def application_list(request, *, company, job_id=None):
    job = get_object_or_404(Job, company=company, pk=job_id) if job_id else None
    applications = _applications(company)
    if job is not None:
        applications = applications.filter(job=job)
    filters = ApplicationFilter(request.GET, queryset=applications)
    return render(
        request,
        "jobs/dashboard/applications.html",
        {"filter": filters, "page": page_of(request, filters.qs), "job": job},
    )


@require_GET
@company_staff_required
def application_detail(request, application_id, *, company):
    """Opening an application marks it viewed (an idempotent read receipt, the one write a GET makes here:
    it is what "new applicants" counts in the dashboard and the partner API)."""
    application = get_object_or_404(
        _applications(company).select_related("charge", "spam_marked_by"), pk=application_id
    )
    if application.viewed_at is None:
        application = application_mark_viewed(application=application)
    met = set(application.met_qualifications.values_list("pk", flat=True))
    qualifications = [{"q": q, "met": q.pk in met} for q in application.job.qualifications.all()]
    answers = [{"q": q, "answer": application.answers.get(str(q.pk), "")} for q in application.job.questions.all()]
    context = {
        "application": application,
        "qualifications": qualifications,
        "answers": answers,
        "charge_note": _charge_note(application),
    }
    return render(request, "jobs/dashboard/application.html", context)


@require_POST
@company_staff_required
def application_decide(request, application_id, *, company):
    application = get_object_or_404(Application, job__company=company, pk=application_id)
    status = request.POST.get("status")
    try:
        if status in DECISIONS:
            application_decide_service(application=application, status=status)
        elif status == ApplicationStatus.PENDING:
            application_reopen(application=application)
        else:
            messages.error(request, "Choose accept or reject.")
            return redirect("dashboard-application", application_id=application.pk)
    except exc.InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{application.candidate_name} is now {status}.")
    return redirect("dashboard-application", application_id=application.pk)


@require_POST
@company_staff_required
def application_mark_spam(request, application_id, *, company):
    application = get_object_or_404(Application, job__company=company, pk=application_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm: marking an application as spam cannot be undone.")
        return redirect("dashboard-application", application_id=application.pk)
    if application_mark_spam_service(application=application, actor=request.user):
        messages.success(request, "Marked as spam. If it was charged, the charge is refunded and no longer counts.")
    else:
        messages.info(request, "This application was already marked as spam.")
    return redirect("dashboard-application", application_id=application.pk)


def _charge_note(application: Application) -> str:
    """What this application costs the company, in words: for its page and the CSV export."""
    billing = application.billing
    if not billing.charged:
        return f"not charged: {billing.reason}"
    return f"charged ${billing.amount_cents // 100:,}.{billing.amount_cents % 100:02d}"


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@company_staff_required
def job_applications_csv(request, job_id, *, company):
    job = get_object_or_404(Job.objects.prefetch_related("qualifications", "questions"), company=company, pk=job_id)
    questions = list(job.questions.all())
    qualifications = list(job.qualifications.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{job.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["name", "email", "status", "qualified", "applied_at", "viewed_at", "spam", "charge"]
        + [f"meets: {q.text}" for q in qualifications]
        + [f"answer: {q.prompt}" for q in questions]
    )
    applications = (
        job.applications.order_by("created_at", "id").select_related("charge").prefetch_related("met_qualifications")
    )
    for application in applications:
        met = {q.pk for q in application.met_qualifications.all()}
        row = [
            application.candidate_name,
            application.email,
            application.status,
            "yes" if application.is_qualified else "no",
            application.created_at.isoformat(),
            application.viewed_at.isoformat() if application.viewed_at else "",
            "yes" if application.is_spam else "no",
            _charge_note(application),
        ]
        row += ["yes" if q.pk in met else "no" for q in qualifications]
        row += [application.answers.get(str(q.pk), "") for q in questions]
        writer.writerow([_csv_cell(cell) for cell in row])
    return response
