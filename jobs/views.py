"""Public job pages: candidates browse what is visible now and apply."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import exceptions, services
from .forms import ApplicationForm
from .models import Job, JobStatus


def _published_job_or_404(job_id) -> Job:
    """Any job that was ever published; drafts do not exist for candidates."""
    return get_object_or_404(Job.objects.select_related("company").exclude(status=JobStatus.DRAFT), pk=job_id)


def job_list(request):
    now = timezone.now()
    jobs = Job.objects.publicly_visible(now=now).select_related("company").prefetch_related("locations")[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})


def job_detail(request, job_id):
    job = _published_job_or_404(job_id)
    visible = Job.objects.publicly_visible(now=timezone.now()).filter(pk=job.pk).exists()
    return render(request, "jobs/detail.html", {"job": job, "accepting": visible}, status=200 if visible else 410)


@require_http_methods(["GET", "POST"])
def job_apply(request, job_id):
    job = _published_job_or_404(job_id)
    # The form is offered only while the job is listed; a form already open when the job's budget
    # filled up is still delivered (the service decides, and skips the charge).
    if request.method == "GET" and not Job.objects.publicly_visible(now=timezone.now()).filter(pk=job.pk).exists():
        return render(request, "jobs/closed.html", {"job": job}, status=410)
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
            return render(request, "jobs/closed.html", {"job": job}, status=410)
        return redirect("job-applied", job_id=job.pk)
    return render(request, "jobs/apply.html", {"job": job, "form": form})


def job_applied(request, job_id):
    job = _published_job_or_404(job_id)
    return render(request, "jobs/applied.html", {"job": job})
