"""Public job pages: candidates browse what is visible now, read a job and apply."""

import math

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from companies.login_throttle import client_ip
from companies.selectors import is_company_staff
from plumbing.counting import count_request
from plumbing.ratelimit import limit_wait
from plumbing.unavailable import unavailable_page

from . import exceptions
from .choices import JobStatus, QualificationKind
from .forms import ApplicationForm
from .models import Job
from .services.applications import application_source_hash, application_submit
from .services.days import COUNTER_KIND
from .structured_data import job_posting, job_summary

# Apply POSTs one IP may send to one job in the window: room for a household or an office sharing an address.
APPLY_POSTS_PER_IP = 10
APPLY_WINDOW_SECONDS = 10 * 60


def _published_job(job_id) -> Job | None:
    """A job that was published, of a company in good standing; None for anything else.

    Drafts do not exist for candidates, and nothing of a blocked or disabled company is shown.
    """
    jobs = Job.objects.select_related("company").exclude(status=JobStatus.DRAFT)
    return jobs.filter(company__is_blocked=False, company__is_disabled=False, pk=job_id).first()


def _is_publicly_visible(job: Job) -> bool:
    return Job.objects.publicly_visible(now=timezone.now()).filter(pk=job.pk).exists()


def _unavailable(request, job: Job | None):
    """The site's page for a job candidates cannot see: 410 once it ended for good (closed, or expired even before
    the sweep marks it), 404 while it may come back (paused, budget full) or never was public."""
    gone = job is not None and (
        job.status == JobStatus.CLOSED
        or Job.objects.filter(pk=job.pk).with_status(JobStatus.EXPIRED, now=timezone.now()).exists()
    )
    return unavailable_page(request, kind="job", gone=gone)


@require_safe
def job_detail(request, job_id):
    job = _published_job(job_id)
    if job is None or not _is_publicly_visible(job):
        return _unavailable(request, job)
    # A person's view (not HEAD, a crawler, the company's own staff or a repeat): counted, never in the way.
    count_request(
        request,
        kind=COUNTER_KIND,
        posting_id=job.pk,
        field="views",
        ip=client_ip(request),
        by_posting_staff=request.method == "GET" and is_company_staff(request.user, company_id=job.company_id),
        now=timezone.now(),
    )
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
    job = _published_job(job_id)
    if job is None:
        return _unavailable(request, job)
    now = timezone.now()
    # The form is offered only while the job is listed. A form already open when the job's budget filled up
    # is still delivered, so a POST needs only a job that accepts applications (the service re-checks under
    # its lock and skips the charge); anything else gets the closed page, never the form again.
    if request.method == "POST":
        wait = _apply_post_wait(request, job)
        if wait:
            return _too_many_applications(request, job, wait)
        if not Job.objects.accepting_applications(now=now).filter(pk=job.pk).exists():
            return _unavailable(request, job)
    elif not _is_publicly_visible(job):
        return _unavailable(request, job)
    form = ApplicationForm(request.POST or None, job=job)
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(
                job_id=job.pk,
                candidate_name=form.cleaned_data["candidate_name"],
                email=form.cleaned_data["email"],
                answers=form.answers(),
                met_qualification_ids=form.met_qualification_ids(),
                source=application_source_hash(
                    ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
                ),
            )
        except exceptions.JobNotFound:
            return _unavailable(request, job)
        except exceptions.AlreadyApplied as error:
            form.add_error("email", error.fields["email"])
        else:
            return redirect("job-applied", job_id=job.pk)
    return render(request, "jobs/apply.html", {"job": job, "form": form})


def _apply_post_wait(request, job: Job) -> int:
    """Counts one apply POST from this IP to this job; the seconds to wait when over APPLY_POSTS_PER_IP.

    Each qualified application bills the company, so one address cannot send a stream of them under made-up
    emails. Counted in the partner API's limiter (Redis when configured, so every web process shares it); when
    Redis is unreachable the form stays open (fails open, logged): candidates are not turned away by an outage.
    """
    key = f"apply:{job.pk}:{client_ip(request)}"
    return limit_wait(key, APPLY_POSTS_PER_IP, APPLY_WINDOW_SECONDS, what="Apply limit")


def _too_many_applications(request, job: Job, wait: int):
    minutes = max(1, math.ceil(wait / 60))
    context = {
        "job": job,
        "minutes": minutes,
        "limit": APPLY_POSTS_PER_IP,
        "window_minutes": APPLY_WINDOW_SECONDS // 60,
    }
    response = render(request, "jobs/too_many_applications.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
def job_applied(request, job_id):
    job = _published_job(job_id)
    if job is None:
        return _unavailable(request, job)
    return render(request, "jobs/applied.html", {"job": job})
