"""The dashboard's job pages: the list, the form (new and edit), the detail page and its lifecycle buttons."""

from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.access import company_staff_required
from companies.forms import add_errors

from .. import exceptions as exc
from ..choices import LIVE_STATUSES, JobStatus
from ..forms import (
    BudgetsForm,
    JobFilter,
    JobForm,
    LocationIdsField,
    QualificationFormSet,
    QuestionFormSet,
    cents_to_dollars,
    qualifications_data,
    questions_data,
)
from ..models import Job, Location
from ..selectors import job_spend, jobs_off_board_for_budget, locations_search
from ..services.jobs import (
    job_close,
    job_create,
    job_input_errors,
    job_pause,
    job_publish,
    job_publish_blockers,
    job_resume,
    job_update,
)
from ..validators import actions_for, job_is_editable, job_is_frozen
from .common import back_when, company_job, page_of, spend_help
from .stats import performance_context

# Form field names where they differ from the model field a validators key names.
FIELD_ALIASES = {"bid_per_qualified_applicant_cents": "bid"}
# The one service behind each lifecycle button.
TRANSITION_VERBS = {"publish": job_publish, "pause": job_pause, "resume": job_resume, "close": job_close}
TRANSITION_DONE = {
    "publish": "Published: the job is live for candidates for 30 days.",
    "pause": "Paused: candidates no longer see the job. Resume it any time before it expires.",
    "resume": "Resumed: candidates see the job again.",
    "close": "Closed for good: candidates no longer see the job and it cannot be reopened.",
}


@require_GET
@company_staff_required
def job_list(request, *, company):
    now = timezone.now()
    jobs = Job.objects.filter(company=company).with_application_counts().order_by("-created_at", "-id")
    filters = JobFilter(request.GET, queryset=jobs, now=now)
    page = page_of(request, filters.qs)
    off_board = {hold.job.pk: hold for hold in jobs_off_board_for_budget(company=company, now=now)}
    for job in page:
        job.current_status = job.status_at(now)
        job.hold = off_board.get(job.pk) if job.current_status == JobStatus.ACTIVE else None
    published_off_board = sum(1 for hold in off_board.values() if hold.job.status == JobStatus.ACTIVE)
    context = {"filter": filters, "page": page, "off_board_total": published_off_board}
    return render(request, "jobs/dashboard/list.html", context)


def _countries() -> list[str]:
    return list(Location.objects.order_by("country").values_list("country", flat=True).distinct())


def _job_forms(request, *, job: Job | None, frozen: bool):
    """The job form and its two formsets, bound to the POST or filled from the stored job."""
    data = request.POST if request.method == "POST" else None
    initial, qualifications, questions = {}, [], []
    if job is not None:
        initial = {name: getattr(job, name) for name in JobForm.base_fields if hasattr(job, name)}
        initial["bid"] = cents_to_dollars(job.bid_per_qualified_applicant_cents)
        initial["locations"] = [jl.location_id for jl in job.job_locations.all()]
        qualifications = [{"text": q.text, "kind": q.kind} for q in job.qualifications.all()]
        questions = [{"prompt": q.prompt, "options": "\n".join(q.options)} for q in job.questions.all()]
    picked_ids = data.getlist("locations") if data is not None else initial.get("locations", [])
    picked = Location.objects.filter(pk__in=[i for i in picked_ids if LocationIdsField.is_location_id(i)])
    form = JobForm(data, initial=initial, countries=_countries(), location_choices=list(picked))
    qualification_set = QualificationFormSet(None if frozen else data, initial=qualifications, prefix="qualifications")
    question_set = QuestionFormSet(None if frozen else data, initial=questions, prefix="questions")
    budgets_form = BudgetsForm(data, budgets=job.budgets.all() if job else (), prefix="budget")
    return form, qualification_set, question_set, budgets_form


def _say_saved(request, *, company, job: Job, was_off_board: bool) -> None:
    """Says the job was saved and, when its new budgets or bid took the live job off the board, until when."""
    holds = jobs_off_board_for_budget(company=company, now=timezone.now(), job=job)
    if holds and not was_off_board and job.status == JobStatus.ACTIVE:
        messages.warning(
            request,
            "Changes saved. A budget cap is now below what its window has already spent plus one bid, so candidates "
            f"no longer see this job{back_when(holds)}. See why below.",
        )
    else:
        messages.success(request, "Changes saved.")


def _job_formpage_of(request, *, company, job: Job | None):
    now = timezone.now()
    frozen = job is not None and job_is_frozen(application_count=job.applications.count())
    if job is not None and not job_is_editable(job.status_at(now)):
        messages.error(request, exc.JobNotEditable.message)
        return redirect("dashboard-job", job_id=job.pk)
    form, qualification_set, question_set, budgets_form = _job_forms(request, job=job, frozen=frozen)
    if job is not None:
        spend_help(budgets_form, job_spend(job=job, now=now))
    suggestions = []
    if request.method == "POST" and "find_locations" in request.POST:
        # Without JavaScript, "Find" posts the whole form back: nothing is saved, suggestions are shown.
        suggestions = _location_suggestions(request.POST)
    elif request.method == "POST":
        # A frozen job's sets are shown, not posted: there is nothing of theirs to validate.
        sets_valid = frozen or (qualification_set.is_valid() & question_set.is_valid())
        valid = form.is_valid() & budgets_form.is_valid() & sets_valid
        if valid:
            data = {**form.service_data(), "budgets": budgets_form.service_data()}
            if not frozen:
                data["qualifications"] = qualifications_data(qualification_set)
                data["questions"] = questions_data(question_set)
            errors = job_input_errors(data=data, job=job)
            if errors:
                add_errors(form, errors, FIELD_ALIASES)
            else:
                try:
                    if job is None:
                        job = job_create(company=company, data=data)
                        messages.success(request, "Draft saved. Publish it when it is ready.")
                    else:
                        was_off_board = bool(jobs_off_board_for_budget(company=company, now=now, job=job))
                        job_update(company=company, job_id=job.pk, data=data)
                        _say_saved(request, company=company, job=job, was_off_board=was_off_board)
                    return redirect("dashboard-job", job_id=job.pk)
                except exc.ValidationFailed as error:
                    add_errors(form, error.fields or {}, FIELD_ALIASES)
                except exc.JobError as error:
                    form.add_error(None, error.message)
    context = {
        "job": job,
        "form": form,
        "countries": [value for value, _ in form.fields["remote_country"].choices if value],
        "qualification_set": qualification_set,
        "question_set": question_set,
        "budgets_form": budgets_form,
        "frozen": frozen,
        "suggestions": suggestions,
        "live": job is not None and job.status_at(timezone.now()) in LIVE_STATUSES,
    }
    return render(request, "jobs/dashboard/form.html", context)


@require_http_methods(["GET", "POST"])
@company_staff_required
def job_new(request, *, company):
    return _job_formpage_of(request, company=company, job=None)


@require_http_methods(["GET", "POST"])
@company_staff_required
def job_edit(request, job_id, *, company):
    return _job_formpage_of(request, company=company, job=company_job(company, job_id))


@require_GET
@company_staff_required
def job_detail(request, job_id, *, company):
    now = timezone.now()
    job = company_job(company, job_id)
    status = job.status_at(now)
    blockers = job_publish_blockers(job=job, company=company) if status == JobStatus.DRAFT else {}
    context = {
        "job": job,
        "status": status,
        "blockers": _blocker_rows(job, blockers),
        "spend": job_spend(job=job, now=now),
        # A paused job is off the board anyway; its budget matters again once resumed (job_resume says so).
        "hold": next(iter(jobs_off_board_for_budget(company=company, now=now, job=job)), None)
        if status == JobStatus.ACTIVE
        else None,
        "frozen": job_is_frozen(application_count=job.pending_count + job.accepted_count + job.rejected_count),
        "editable": job_is_editable(status),
        "actions": actions_for(status),
        **performance_context(request, job),
    }
    return render(request, "jobs/dashboard/detail.html", context)


def _blocker_rows(job: Job, blockers: dict[str, str]) -> list[dict[str, Any]]:
    """Each failing publish gate with the words to show and the link that clears it."""
    labels = {name: field.label for name, field in JobForm.base_fields.items()}
    labels.update(qualifications="Qualifications", questions="Questions")
    edit = reverse("dashboard-job-edit", args=[job.pk])
    rows: list[dict[str, Any]] = []
    for key, message in blockers.items():
        if key == "terms":
            rows.append(
                {
                    "label": "Employer terms",
                    "message": "Accept the current employer terms.",
                    "url": reverse("dashboard-terms"),
                    "action": "Review and accept",
                }
            )
        elif key == "payment":
            rows.append(
                {
                    "label": "Payment method",
                    "message": "Add a card so qualified applicants can be billed.",
                    "url": reverse("dashboard-payment"),
                    "action": "Add a card",
                }
            )
        else:
            field = FIELD_ALIASES.get(key, key)
            rows.append(
                {
                    "label": labels.get(field, field),
                    "message": message,
                    "url": f"{edit}#field-{field}",
                    "action": "Fix it",
                }
            )
    return rows


@require_POST
@company_staff_required
def job_transition(request, job_id, *, company, action: str):
    job = get_object_or_404(Job, company=company, pk=job_id)
    if action == "close" and request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm: a closed job cannot be reopened.")
        return redirect("dashboard-job", job_id=job.pk)
    try:
        TRANSITION_VERBS[action](company=company, job_id=job.pk)
    except exc.IncompleteJob:
        messages.error(request, "The job is not ready to publish yet: see what is missing below.")
    except exc.JobError as error:
        messages.error(request, error.message)
    else:
        held = action in ("publish", "resume") and jobs_off_board_for_budget(
            company=company, now=timezone.now(), job=job
        )
        if held:
            # Live, but a full budget keeps it off the board: "candidates see it" would not be true yet.
            done = "Published" if action == "publish" else "Resumed"
            messages.warning(
                request, f"{done}, but candidates cannot see the job yet: a budget cap is full. See why below."
            )
        else:
            messages.success(request, TRANSITION_DONE[action])
    return redirect("dashboard-job", job_id=job.pk)


@require_GET
@company_staff_required
def location_search(request, *, company):
    """The location autocomplete: the same search as the partner API's, as a list of pickable places."""
    context = {"suggestions": _location_suggestions(request.GET), "query": _search_text(request.GET, "location_q")}
    return render(request, "jobs/dashboard/_location_suggestions.html", context)


def _search_text(params, name: str) -> str:
    """A search box's text, bounded; text the database cannot hold (NUL) searches for nothing."""
    value = params.get(name, "").strip()[:100]
    return "" if "\x00" in value else value


def _location_suggestions(params) -> list[Location]:
    query = _search_text(params, "location_q")
    country = _search_text(params, "location_country") or "United States"
    return locations_search(query=query, country=country) if query else []
