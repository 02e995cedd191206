"""Public job pages: candidates browse what is visible now, read a job and apply."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from . import exceptions, services
from .forms import ApplicationForm
from .models import Job, JobStatus, QualificationKind
from .structured_data import job_posting, job_summary


def _published_job_or_404(job_id) -> Job:
    """A job that was published, of a company in good standing.

    Drafts do not exist for candidates, and nothing of a blocked or disabled company is shown, not even the
    title on the "no longer accepting applications" page: those answer 404 like an unknown id.
    """
    jobs = Job.objects.select_related("company").exclude(status=JobStatus.DRAFT)
    return get_object_or_404(jobs.filter(company__is_blocked=False, company__is_disabled=False), pk=job_id)


def _is_publicly_visible(job: Job) -> bool:
    return Job.objects.publicly_visible(now=timezone.now()).filter(pk=job.pk).exists()


def _closed(request, job: Job):
    """410: the job was public and is no longer (paused, closed, expired or its budget is spent)."""
    return render(request, "jobs/closed.html", {"job": job}, status=410)


@require_safe
def job_detail(request, job_id):
    job = _published_job_or_404(job_id)
    if not _is_publicly_visible(job):
        return _closed(request, job)
    locations = [job_location.location for job_location in job.job_locations.select_related("location")]
    qualifications = list(job.qualifications.all())
    url = request.build_absolute_uri(reverse("job-detail", args=[job.pk]))
    company_url = request.build_absolute_uri(reverse("company-detail", args=[job.company.slug]))
    context = {
        "job": job,
        "locations": locations,
        "required": [q for q in qualifications if q.kind == QualificationKind.REQUIRED],
        "preferred": [q for q in qualifications if q.kind == QualificationKind.PREFERRED],
        "posting": job_posting(job, locations=locations, url=url, company_url=company_url),
        "meta": {
            "title": f"{job.title} at {job.company.name}",
            "description": job_summary(job),
            "url": url,
            "image": job.company.logo_url,
        },
    }
    return render(request, "jobs/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def job_apply(request, job_id):
    job = _published_job_or_404(job_id)
    now = timezone.now()
    # The form is offered only while the job is listed. A form already open when the job's budget filled up
    # is still delivered, so a POST needs only a job that accepts applications (the service re-checks under
    # its lock and skips the charge); anything else gets the closed page, never the form again.
    if request.method == "POST":
        if not Job.objects.accepting_applications(now=now).filter(pk=job.pk).exists():
            return _closed(request, job)
    elif not _is_publicly_visible(job):
        return _closed(request, job)
    form = ApplicationForm(request.POST or None, job=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                job_id=job.pk,
                candidate_name=form.cleaned_data["candidate_name"],
                email=form.cleaned_data["email"],
                answers=form.answers(),
                met_qualification_ids=form.met_qualification_ids(),
            )
        except exceptions.JobNotFound:
            return _closed(request, job)
        return redirect("job-applied", job_id=job.pk)
    return render(request, "jobs/apply.html", {"job": job, "form": form})


@require_safe
def job_applied(request, job_id):
    job = _published_job_or_404(job_id)
    return render(request, "jobs/applied.html", {"job": job})
