"""The mail jobs and applications cause, queued in the transaction of the change it tells about (so a rolled-back
change tells nobody): the candidate's receipt and, where the company turned it on for the job, the decision; the
company's staff hear of new applications (at once or in a daily digest), a job about to expire, and a budget
window that filled, each of the last two once."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from companies.models import NotificationKind
from companies.notifications.selectors import staff_with_daily_digest
from companies.notifications.services import (
    notification_claim,
    notify_staff,
    notify_staff_member,
    notify_staff_once,
)
from plumbing.mail import absolute_url, mail_render
from plumbing.services import mail_queue

from ..budget_windows import NEVER, budget_window_end, budget_window_start
from ..choices import LIVE_STATUSES, ApplicationStatus, BudgetWindow
from ..models import Application, Budget, Job

# Staff are warned this long before a job expires, once per expiry date.
EXPIRY_WARNING = timedelta(days=3)
# Jobs one warning transaction locks and mails about.
EXPIRY_WARNING_BATCH = 500
# The NotificationSent kind of a staff member's daily digest (one per staff member and day).
DIGEST_SENT = "application_digest"


def application_received_mail(*, application: Application, job: Job, company_name: str, now: datetime) -> None:
    """The candidate's receipt: account mail, always sent, no unsubscribe."""
    context = {
        "candidate_name": application.candidate_name,
        "job_title": job.title,
        "company_name": company_name,
        "job_url": absolute_url(reverse("job-detail", args=[job.pk])),
    }
    subject = f"We received your application for {job.title}"
    mail_queue(
        mail=mail_render(kind="application_received", to=application.email, subject=subject, context=context),
        now=now,
    )


def application_new_notify(*, application: Application, job: Job, met_texts: list[str], now: datetime) -> int:
    """The company's staff who want new applications right away; the daily ones get them in the digest."""
    return notify_staff(
        company_id=job.company_id,
        kind=NotificationKind.NEW_APPLICATION,
        mail_kind="application_new",
        subject=f"New application for {job.title} from {application.candidate_name}",
        context={
            "candidate_name": application.candidate_name,
            "job_title": job.title,
            "qualifications_met": met_texts,
            "is_qualified": application.is_qualified,
            "application_url": absolute_url(reverse("dashboard-application", args=[application.pk])),
        },
        now=now,
    )


def budget_full_notify(*, job: Job, windows: Iterable[str], now: datetime) -> int:
    """Each window left full for the job: its staff are told once per job, window and period."""
    sent = 0
    for window in windows:
        start = budget_window_start(window, now)
        period = start.date().isoformat() if start else "lifetime"
        resets_at = budget_window_end(window, now)
        sent += notify_staff_once(
            company_id=job.company_id,
            kind=NotificationKind.BUDGET_FULL,
            key=f"{job.pk}:{window}:{period}",
            mail_kind="budget_full",
            subject=f"Budget used up: {job.title} is off the board",
            context={
                "job_title": job.title,
                "window_label": BudgetWindow(window).label,
                "company_wide": not Budget.objects.filter(job=job, window=window).exists(),
                "resets_at": None if resets_at == NEVER else resets_at,
                "job_url": absolute_url(reverse("dashboard-job", args=[job.pk])),
                "budgets_url": absolute_url(reverse("dashboard-budgets")),
            },
            now=now,
        )
    return sent


def application_decision_mail(*, application: Application, now: datetime) -> bool:
    """A short note to the candidate once their application is accepted or rejected, if the company turned it on
    for the job; account mail (no unsubscribe). False when the job has it off."""
    job = Job.objects.select_related("company").get(pk=application.job_id)
    if not job.notify_candidate_of_decision:
        return False
    accepted = application.status == ApplicationStatus.ACCEPTED
    context = {
        "candidate_name": application.candidate_name,
        "job_title": job.title,
        "company_name": job.company.name,
        "accepted": accepted,
    }
    subject = f"Your application for {job.title}" + (": good news" if accepted else "")
    mail_queue(
        mail=mail_render(kind="application_decided", to=application.email, subject=subject, context=context),
        now=now,
    )
    return True


def jobs_warn_expiring(*, now: datetime, batch: int = EXPIRY_WARNING_BATCH) -> int:
    """Tells the staff of each live job that expires within EXPIRY_WARNING, once per expiry date; answers how many
    jobs. Each batch marks its jobs warned (expiry_warned_for) and queues their mail in one transaction, under
    row locks skipping what another run holds, so overlapping or repeated beat runs warn each job once."""
    total = 0
    while True:
        with transaction.atomic():
            due = (
                Job.objects.filter(status__in=LIVE_STATUSES, expires_at__gt=now, expires_at__lte=now + EXPIRY_WARNING)
                .exclude(expiry_warned_for=F("expires_at"))
                .order_by("expires_at")
            )
            jobs = list(due.select_for_update(skip_locked=True)[:batch])
            Job.objects.filter(pk__in=[job.pk for job in jobs]).update(expiry_warned_for=F("expires_at"))
            for job in jobs:
                notify_staff(
                    company_id=job.company_id,
                    kind=NotificationKind.JOB_EXPIRING,
                    mail_kind="job_expiring",
                    subject=f"{job.title} expires in less than 3 days",
                    context={
                        "job_title": job.title,
                        "expires_at": job.expires_at,
                        "job_url": absolute_url(reverse("dashboard-job", args=[job.pk])),
                    },
                    now=now,
                )
        total += len(jobs)
        if len(jobs) < batch:
            return total


def application_digests_send(*, now: datetime) -> int:
    """Sends each staff member who chose the daily digest for new applications one mail listing their company's
    applications of the previous UTC day (none: no mail); answers how many digests. Each staff member's digest of
    a day is recorded as sent with it, so a second run (or a beat running twice) sends nothing more."""
    day_end = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day_start = day_end - timedelta(days=1)
    sent = 0
    for membership in staff_with_daily_digest(kind=NotificationKind.NEW_APPLICATION):
        applications = list(
            Application.objects.filter(
                job__company_id=membership.company_id,
                created_at__gte=day_start,
                created_at__lt=day_end,
                spam_marked_at__isnull=True,
            )
            .select_related("job")
            .prefetch_related("met_qualifications")
            .order_by("created_at", "pk")
        )
        if not applications:
            continue
        with transaction.atomic():
            key = f"{membership.user_id}:{day_start.date().isoformat()}"
            if not notification_claim(company_id=membership.company_id, kind=DIGEST_SENT, key=key, now=now):
                continue
            count = len(applications)
            notify_staff_member(
                user=membership.user,
                kind=NotificationKind.NEW_APPLICATION,
                mail_kind="application_digest",
                subject=f"{count} new application{'s' if count != 1 else ''} to {membership.company.name}'s jobs",
                context={
                    "company_name": membership.company.name,
                    "day": day_start,
                    "applications": [
                        {
                            "candidate_name": application.candidate_name,
                            "job_title": application.job.title,
                            "qualifications_met": [q.text for q in application.met_qualifications.all()],
                            "url": absolute_url(reverse("dashboard-application", args=[application.pk])),
                        }
                        for application in applications
                    ],
                    "applications_url": absolute_url(reverse("dashboard-applications")),
                    "site_name": settings.SITE_NAME,
                },
                now=now,
            )
        sent += 1
    return sent
