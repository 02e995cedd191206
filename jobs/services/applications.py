"""Every write about applications: submitting one (and billing it), deciding, viewing, marking spam."""

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from companies import services as company_services
from companies.models import Company
from companies.selectors import webhook_types_wanted
from companies.webhooks.outbox import NewEvent, webhook_events_record

from .. import exceptions as exc
from ..budget_windows import budget_window_start
from ..choices import ApplicationStatus, BudgetWindow, QualificationKind
from ..events import application_data, budget_exhausted_data
from ..models import Application, Charge, CompanyBudget, Job, Qualification
from ..validators import application_errors
from .budgets import company_budget_left, company_jobs_refresh_budget_state, jobs_refresh_budget_state
from .days import job_day_add
from .notices import application_decision_mail, application_new_notify, application_received_mail, budget_full_notify

logger = logging.getLogger(__name__)


def _full_budget_windows(job: Job, now: datetime) -> list[str]:
    """The windows in which the job cannot pay one more bid (one query)."""
    flags = (
        Job.objects.filter(pk=job.pk)
        .values(
            **{
                window: ExpressionWrapper(
                    Job.objects.budget_exhausted(now=now, windows=[window]), output_field=BooleanField()
                )
                for window in BudgetWindow.values
            }
        )
        .first()
    )
    return [window for window in BudgetWindow.values if flags and flags[window]]


def _announce_application(
    *, job: Job, application: Application, met_ids: list[int], charged: bool, now: datetime
) -> None:
    """application.created, and job.budget_exhausted once per job, window and period when this application
    leaves a window full (it filled it, or it was not billed because the window was full already)."""
    wanted = webhook_types_wanted(company_id=job.company_id, types=["application.created", "job.budget_exhausted"])
    events = []
    if "application.created" in wanted:
        data = application_data(
            application=application,
            question_ids=job.questions.values_list("pk", flat=True),
            met_qualification_ids=met_ids,
        )
        events.append(NewEvent(company_id=job.company_id, type="application.created", data=data))
    if charged and "job.budget_exhausted" in wanted:
        # A full company-wide window announces only this job (the event is per job); others when next applied to.
        for window in _full_budget_windows(job, now):
            start = budget_window_start(window, now)
            period = start.date().isoformat() if start else "lifetime"
            events.append(
                NewEvent(
                    company_id=job.company_id,
                    type="job.budget_exhausted",
                    data=budget_exhausted_data(job=job, window=window),
                    dedupe_key=f"{job.pk}:{window}:{period}",
                )
            )
    webhook_events_record(events=events, now=now)


# Why a qualified application's charge was skipped (Charge.skipped_reason), as the dashboard and the API show it.
SKIPPED_BUDGET_FULL = "budget window full"
SKIPPED_SAME_SOURCE = "same address as an earlier application to this company within 24 hours"
# One address (IP and User-Agent) is charged to one company at most once in this window: a competitor posting
# made-up qualified applications from one machine cannot spend a company's budget.
SAME_SOURCE_WINDOW = timedelta(hours=24)
REFUND_SPAM = "application marked as spam"


def application_source_hash(*, ip: str, user_agent: str) -> str | None:
    """Who sent a public application, as a keyed hash of the client IP and User-Agent (HMAC with SECRET_KEY):
    equal for one address, and not the address itself, so no personal data is stored in clear. None without
    an IP: nothing to tell senders apart by."""
    if not ip:
        return None
    return salted_hmac("jobs.application_source", f"{ip}\n{user_agent}", algorithm="sha256").hexdigest()


def _source_applied_recently(*, company_id: int, source: str | None, now: datetime, besides: Application) -> bool:
    if source is None:
        return False
    earlier = Application.objects.filter(
        source_hash=source, job__company_id=company_id, created_at__gt=now - SAME_SOURCE_WINDOW
    )
    return earlier.exclude(pk=besides.pk).exists()


def application_submit(
    *,
    job_id: uuid.UUID | str,
    candidate_name: str,
    email: str,
    answers: dict[str, str],
    met_qualification_ids: Iterable[int],
    source: str | None = None,
    now: datetime | None = None,
) -> Application:
    """A candidate applies to a live job. A qualified applicant is billed the bid, unless a budget window
    (the job's or the company's) is full, or `source` (application_source_hash of the public form's sender;
    None from the partner API) already applied to this company within SAME_SOURCE_WINDOW: then the application
    is delivered and counted, and the charge skipped for good, with the reason.

    One application per email and job, whatever its case (AlreadyApplied otherwise): each one could bill the bid.
    Checked under the job's lock, so two submits at once are told apart; the unique constraint backs it."""
    errors = application_errors(candidate_name=candidate_name, email=email, answers=answers)
    if errors:
        raise exc.ValidationFailed(errors)
    now = now or timezone.now()
    with transaction.atomic():
        # Lock order company, then job: serialises billing against company-wide caps, and an
        # application against edits of the job (which lock only the job).
        Company.objects.select_for_update(of=("self",)).filter(jobs__pk=job_id).first()
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not Job.objects.accepting_applications(now=now).filter(pk=job.pk).exists():
            raise exc.JobNotFound("This job is no longer accepting applications.")
        # The constraint's own rule (the database's LOWER), so the check and the constraint never disagree.
        applied = Application.objects.filter(job=job).alias(email_lower=Lower("email"))
        if applied.filter(email_lower=Lower(Value(email))).exists():
            raise exc.AlreadyApplied()
        qualifications = list(job.qualifications.all())
        claimed = set(met_qualification_ids)
        met_ids = {q.pk for q in qualifications if q.pk in claimed}
        required_ids = {q.pk for q in qualifications if q.kind == QualificationKind.REQUIRED}
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    job=job,
                    candidate_name=candidate_name,
                    email=email,
                    answers=answers,
                    is_qualified=required_ids <= met_ids,
                    source_hash=source,
                )
        except IntegrityError as error:
            # Only reached by a writer that does not hold the job's lock; the refusal reads the same.
            if "one_application_per_email" in str(error):
                raise exc.AlreadyApplied() from None
            raise
        application.met_qualifications.set(met_ids)
        spend_cents = 0
        if application.is_qualified and job.bid_per_qualified_applicant_cents:
            full = Job.objects.filter(pk=job.pk).filter(Job.objects.budget_exhausted(now=now)).exists()
            # Under the company's lock: of two applications from one address at once, the second sees the first.
            repeated = not full and _source_applied_recently(
                company_id=job.company_id, source=source, now=now, besides=application
            )
            skipped_reason = SKIPPED_BUDGET_FULL if full else SKIPPED_SAME_SOURCE if repeated else ""
            Charge.objects.create(
                application=application,
                job=job,
                company_id=job.company_id,
                amount_cents=0 if skipped_reason else job.bid_per_qualified_applicant_cents,
                skipped=bool(skipped_reason),
                skipped_reason=skipped_reason,
                created_at=now,
            )
            spend_cents = 0 if skipped_reason else job.bid_per_qualified_applicant_cents
            if not skipped_reason:
                jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
                left = company_budget_left(company_id=job.company_id, now=now)
                if left:
                    company_jobs_refresh_budget_state(company_id=job.company_id, now=now, left=left)
        # The job's day: the application, whether qualified, and what it was billed (the charge's day is today).
        job_day_add(
            job_id=job.pk,
            now=now,
            applications=1,
            qualified_applications=int(application.is_qualified),
            spend_cents=spend_cents,
        )
        charged = bool(application.is_qualified and job.bid_per_qualified_applicant_cents)
        _announce_application(
            job=job,
            application=application,
            met_ids=[q.pk for q in qualifications if q.pk in met_ids],
            charged=charged,
            now=now,
        )
        _tell_of_application(job=job, application=application, qualifications=qualifications, charged=charged, now=now)
    return application


def _tell_of_application(
    *, job: Job, application: Application, qualifications: list[Qualification], charged: bool, now: datetime
) -> None:
    """The mail an application causes: the candidate's receipt, the company's staff who want it at once, and
    once per window and period the staff of a job whose budget window it left full."""
    company_name = Company.objects.values_list("name", flat=True).get(pk=job.company_id)
    application_received_mail(application=application, job=job, company_name=company_name, now=now)
    met_ids = set(application.met_qualifications.values_list("pk", flat=True))
    met_texts = [q.text for q in qualifications if q.pk in met_ids]
    application_new_notify(application=application, job=job, met_texts=met_texts, now=now)
    if charged:
        budget_full_notify(job=job, windows=_full_budget_windows(job, now), now=now)


def application_set_status(*, application: Application, status: str) -> Application:
    """Sets any status outright, with no transition rule: for data repair and fixtures, not for people's
    decisions (those go through application_decide and application_reopen)."""
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def application_reopen(*, application: Application) -> Application:
    """ACCEPTED or REJECTED → PENDING: staff change their mind in the dashboard, then decide again through
    application_decide, the one decision path the dashboard and the partner API share."""
    changed = Application.objects.filter(pk=application.pk, status__in=DECISIONS).update(
        status=ApplicationStatus.PENDING
    )
    application.refresh_from_db()
    if not changed:
        raise exc.InvalidTransition("This application is already pending.")
    return application


# The decisions a company may take once on a pending application (the partner API's accept and reject).
DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED)


def application_decide(*, application: Application, status: str, now: datetime | None = None) -> Application:
    """PENDING → ACCEPTED or REJECTED, once. One conditional UPDATE: of two racing decisions exactly one changes
    the row, the other gets INVALID_TRANSITION, and a repeat of the same decision is refused too. The decision and
    the candidate's note (when the company turned it on for the job) commit together. The dashboard and the
    partner API both decide through this; application_reopen undoes a decision."""
    if status not in DECISIONS:
        raise ValueError(f"not a decision: {status!r}")
    with transaction.atomic():
        changed = Application.objects.filter(pk=application.pk, status=ApplicationStatus.PENDING).update(status=status)
        application.refresh_from_db()
        if changed:
            now = now or timezone.now()
            # Counted on the day of the decision (a reopened and decided again application counts both days).
            job_day_add(job_id=application.job_id, now=now, **{status.lower(): 1})
            application_decision_mail(application=application, now=now)
    if not changed:
        verb = "accept" if status == ApplicationStatus.ACCEPTED else "reject"
        raise exc.InvalidTransition(f"Cannot {verb} an application that is {application.status.upper()}.")
    logger.info("application %s: pending -> %s", application.pk, status)
    return application


def application_mark_viewed(*, application: Application, now: datetime | None = None) -> Application:
    Application.objects.filter(pk=application.pk, viewed_at__isnull=True).update(viewed_at=now or timezone.now())
    application.refresh_from_db()
    return application


def application_mark_spam(*, application: Application, actor: AbstractBaseUser, now: datetime | None = None) -> bool:
    """Company staff mark an application spam: it stays (and is counted), its charge is refunded, and the job
    and company budgets are recomputed without it, so a job hidden by a full window comes back. Who and when
    are stored on the application and in the moderation record, in one transaction with the refund.

    Final: there is no un-marking, so a refund is never charged again later (into another window, perhaps
    past a cap). One conditional UPDATE decides: marking twice, even at once, refunds once. False when the
    application was already marked."""
    now = now or timezone.now()
    with transaction.atomic():
        # The company first, as application_submit locks it: the refund is serialised with charges, so the
        # budget refresh below reads every charge, and an application arriving meanwhile is billed after it.
        company = Company.objects.select_for_update(of=("self",)).filter(jobs__pk=application.job_id).first()
        marked = Application.objects.filter(pk=application.pk, spam_marked_at__isnull=True).update(
            spam_marked_at=now, spam_marked_by=actor
        )
        if marked:
            charge = Charge.objects.billed().filter(application=application).first()
            refunded = (
                Charge.objects.billed()
                .filter(application=application)
                .update(refunded_at=now, refund_reason=REFUND_SPAM)
            )
            company_services.moderation_record(
                actor=actor, action="application_mark_spam", target_type="application", target_id=application.pk
            )
            if refunded and charge is not None:
                # The charge's day stops counting it, as Charge.objects.billed() does.
                job_day_add(job_id=charge.job_id, now=charge.created_at, spend_cents=-charge.amount_cents)
                jobs_refresh_budget_state(jobs=Job.objects.filter(pk=application.job_id), now=now)
                if company is not None and CompanyBudget.objects.filter(company=company).exists():
                    company_jobs_refresh_budget_state(company_id=company.pk, now=now)
    application.refresh_from_db()
    logger.info("application %s marked spam: %s", application.pk, "done" if marked else "already marked")
    return bool(marked)
