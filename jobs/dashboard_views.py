"""The company dashboard's pages about jobs, their applications and budgets.

Every view takes the staff member's `company` from @company_staff_required and looks objects up within it,
so another company's job or application is a 404. Every change goes through jobs.services, as the partner
API's do, so both answer with the same rules.
"""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.access import company_staff_required
from companies.forms import add_errors

from . import exceptions as exc
from . import services
from .forms import (
    ApplicationFilter,
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
from .models import LIVE_STATUSES, Application, ApplicationStatus, CompanyBudget, Job, JobStatus, Location
from .selectors import (
    JobOffBoard,
    WindowSpend,
    company_spend,
    job_spend,
    jobs_for_company,
    jobs_off_board_for_budget,
    locations_search,
)
from .validators import actions_for, job_is_editable, job_is_frozen

PAGE_SIZE = 25
# Form field names where they differ from the model field a validators key names.
FIELD_ALIASES = {"bid_per_qualified_applicant_cents": "bid"}
TRANSITION_DONE = {
    "publish": "Published: the job is live for candidates for 30 days.",
    "pause": "Paused: candidates no longer see the job. Resume it any time before it expires.",
    "resume": "Resumed: candidates see the job again.",
    "close": "Closed for good: candidates no longer see the job and it cannot be reopened.",
}


def _company_job(company, job_id) -> Job:
    return get_object_or_404(jobs_for_company(company=company), pk=job_id)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@company_staff_required
def job_list(request, *, company):
    now = timezone.now()
    jobs = Job.objects.filter(company=company).with_application_counts().order_by("-created_at", "-id")
    filters = JobFilter(request.GET, queryset=jobs, now=now)
    page = _page(request, filters.qs)
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
            f"no longer see this job{_back_when(holds)}. See why below.",
        )
    else:
        messages.success(request, "Changes saved.")


def _job_form_page(request, *, company, job: Job | None):
    now = timezone.now()
    frozen = job is not None and job_is_frozen(application_count=job.applications.count())
    if job is not None and not job_is_editable(job.status_at(now)):
        messages.error(request, exc.JobNotEditable.message)
        return redirect("dashboard-job", job_id=job.pk)
    form, qualification_set, question_set, budgets_form = _job_forms(request, job=job, frozen=frozen)
    if job is not None:
        _spend_help(budgets_form, job_spend(job=job, now=now))
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
            errors = services.job_input_errors(data=data, job=job)
            if errors:
                add_errors(form, errors, FIELD_ALIASES)
            else:
                try:
                    if job is None:
                        job = services.job_create(company=company, data=data)
                        messages.success(request, "Draft saved. Publish it when it is ready.")
                    else:
                        was_off_board = bool(jobs_off_board_for_budget(company=company, now=now, job=job))
                        services.job_update(company=company, job_id=job.pk, data=data)
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
    return _job_form_page(request, company=company, job=None)


@require_http_methods(["GET", "POST"])
@company_staff_required
def job_edit(request, job_id, *, company):
    return _job_form_page(request, company=company, job=_company_job(company, job_id))


@require_GET
@company_staff_required
def job_detail(request, job_id, *, company):
    now = timezone.now()
    job = _company_job(company, job_id)
    status = job.status_at(now)
    blockers = services.job_publish_blockers(job=job, company=company) if status == JobStatus.DRAFT else {}
    context = {
        "job": job,
        "status": status,
        "blockers": _blocker_rows(job, blockers),
        "spend": job_spend(job=job, now=now),
        # A paused job is off the board anyway; its budget matters again once resumed (job_transition says so).
        "hold": next(iter(jobs_off_board_for_budget(company=company, now=now, job=job)), None)
        if status == JobStatus.ACTIVE
        else None,
        "frozen": job_is_frozen(application_count=job.pending_count + job.accepted_count + job.rejected_count),
        "editable": job_is_editable(status),
        "actions": actions_for(status),
    }
    return render(request, "jobs/dashboard/detail.html", context)


def _blocker_rows(job: Job, blockers: dict[str, str]) -> list[dict]:
    """Each failing publish gate with the words to show and the link that clears it."""
    labels = {name: field.label for name, field in JobForm.base_fields.items()}
    labels.update(qualifications="Qualifications", questions="Questions")
    edit = reverse("dashboard-job-edit", args=[job.pk])
    rows = []
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
        services.job_transition(job=job, action=action)
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
        request, "jobs/dashboard/applications.html", {"filter": filters, "page": _page(request, filters.qs), "job": job}
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
        application = services.application_mark_viewed(application=application)
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
        if status in services.DECISIONS:
            services.application_decide(application=application, status=status)
        elif status == ApplicationStatus.PENDING:
            services.application_reopen(application=application)
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
    if services.application_mark_spam(application=application, actor=request.user):
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


def _dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def _when(moment) -> str:
    return f"{moment:%a} {moment.day} {moment:%b, %H:%M} UTC"


def _spend_help(form: BudgetsForm, spend: list[WindowSpend]) -> None:
    """Each cap field says what its window has spent already: a cap below that (plus one bid) takes jobs off the
    board as soon as it is saved."""
    for row in spend:
        resets = f"; the window resets {_when(row.resets_at)}" if row.resets_at else ""
        spent = _dollars(row.spent_cents)
        field = form.fields[f"{row.window}_amount"]
        field.help_text = f"{field.help_text} Spent {row.period} so far: {spent}{resets}.".strip()


def _back_when(holds: list[JobOffBoard]) -> str:
    """When the jobs come back, in words, if they all come back at once."""
    ends = {hold.until for hold in holds}
    if len(ends) > 1:
        return "; each comes back when its full window resets"
    until = ends.pop()
    return f" until {_when(until)}" if until else " until a cap is raised or removed"


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
            services.company_budgets_replace(company=company, budgets=form.service_data())
        except exc.ValidationFailed as error:
            add_errors(form, error.fields or {})
        else:
            after = jobs_off_board_for_budget(company=company, now=timezone.now())
            left = [hold for hold in after if hold.job.pk not in before and hold.job.status == JobStatus.ACTIVE]
            if left:
                messages.warning(
                    request,
                    f"Company budgets saved. A cap is now below what its window has already spent plus one bid, so "
                    f"candidates no longer see {len(left)} job{pluralize(len(left))}{_back_when(left)}: "
                    f"{_job_titles(left)}. Each is listed below with why.",
                )
            else:
                messages.success(request, "Company budgets saved.")
            return redirect("dashboard-budgets")
    spend = company_spend(company=company, now=now)
    _spend_help(form, spend)
    off_board = jobs_off_board_for_budget(company=company, now=now, status=JobStatus.ACTIVE)
    context = {"form": form, "spend": spend, "off_board": off_board, "off_board_total": len(off_board)}
    return render(request, "jobs/dashboard/budgets.html", context)
