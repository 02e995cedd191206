"""Every write about one job: create, edit, and its lifecycle (publish, pause, resume, close)."""

import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from companies import services as company_services
from companies.models import Company
from companies.webhooks.outbox import webhook_event_record

from .. import exceptions as exc
from ..choices import LIVE_STATUSES, QualificationKind
from ..events import status_changed_data
from ..models import JOB_LIFETIME, Budget, Job, JobLocation, Location, Qualification, Question
from ..search_index import jobs_refresh_search_vectors
from ..validators import (
    FROZEN_SETS,
    SET_FIELDS,
    TRANSITIONS,
    budget_window_errors,
    completeness_errors,
    job_is_editable,
    job_is_frozen,
    location_errors,
    remote_country_errors,
    salary_range_errors,
    storable_location_ids,
    text_errors,
)
from .budgets import jobs_refresh_budget_state

logger = logging.getLogger(__name__)

# A job's primary key as callers hold it: the UUID, or its text from a URL or a request.
JobId = uuid.UUID | str
Action = Literal["publish", "pause", "resume", "close"]
# A job's input in the services' shape: model field names, the replace-sets as lists of dicts.
JobData = dict[str, Any]


def _get_for_update(*, company: Company, job_id: JobId) -> Job:
    job: Job | None = Job.objects.select_for_update().filter(company=company, pk=job_id).first()
    if job is None:
        raise exc.JobNotFound()
    return job


def _replace_children(job: Job, data: JobData) -> None:
    """Arrays are replace-sets: what is sent becomes the whole new set."""
    if "locations" in data:
        JobLocation.objects.filter(job=job).delete()
        JobLocation.objects.bulk_create(
            JobLocation(job=job, location_id=loc_id, order=i) for i, loc_id in enumerate(data["locations"])
        )
    if "qualifications" in data:
        Qualification.objects.filter(job=job).delete()
        Qualification.objects.bulk_create(Qualification(job=job, **q) for q in data["qualifications"])
    if "questions" in data:
        Question.objects.filter(job=job).delete()
        Question.objects.bulk_create(Question(job=job, **q) for q in data["questions"])
    if "budgets" in data:
        Budget.objects.filter(job=job).delete()
        Budget.objects.bulk_create(Budget(job=job, **b) for b in data["budgets"])


def _scalar_fields(data: JobData) -> JobData:
    return {k: v for k, v in data.items() if k not in SET_FIELDS}


def _completeness(job: Job, data: JobData | None = None) -> dict[str, str]:
    """Completeness of the job as it would be after applying `data` (default: as stored)."""
    data = data or {}
    merged = {**{f.attname: getattr(job, f.attname) for f in Job._meta.concrete_fields}, **_scalar_fields(data)}
    if "locations" in data:
        location_count = len(data["locations"])
    else:
        location_count = job.job_locations.count()
    if "qualifications" in data:
        kinds = [q.get("kind", QualificationKind.REQUIRED) for q in data["qualifications"]]
    else:
        kinds = list(job.qualifications.values_list("kind", flat=True))
    return completeness_errors(merged, location_count=location_count, qualification_kinds=kinds)


def job_input_errors(*, data: JobData, job: Job | None = None) -> dict[str, str]:
    """Every input rule for a create (job=None) or an edit of `job`, keyed by model field.

    The partner API and the dashboard forms call this to report errors beside the fields; the services
    call it again under their locks, so a value that changed in between (the stored salary that a PATCH
    leaves out, a location removed from search) is judged as it is when the write happens.
    """
    errors = text_errors(data)
    if data.get("remote_country") is not None and "remote_country" not in errors:
        known = Location.objects.filter(country=data["remote_country"]).values_list("country", flat=True)[:1]
        errors.update(remote_country_errors(data["remote_country"], known_countries=set(known)))
    if data.get("locations"):
        stored = Location.objects.filter(pk__in=storable_location_ids(data["locations"]))
        known_ids = set(stored.values_list("pk", flat=True))
        errors.update(location_errors(data["locations"], known_ids=known_ids))
    if data.get("budgets"):
        errors.update(budget_window_errors([b["window"] for b in data["budgets"]]))
    errors.update(
        salary_range_errors(
            data.get("salary_min", getattr(job, "salary_min", None)),
            data.get("salary_max", getattr(job, "salary_max", None)),
        )
    )
    return errors


def _refuse_company_in_bad_standing(company: Company) -> None:
    """A blocked or disabled company may read, pause and close, but not post or change postings."""
    if company.is_blocked:
        raise exc.CompanyBlocked()
    if company.is_disabled:
        raise exc.CompanyDisabled()


def _check_publish_gates(job: Job, company: Company) -> None:
    """The three publish gates, in the order partners rely on."""
    gaps = _completeness(job)
    if gaps:
        raise exc.IncompleteJob(gaps)
    if not company.has_accepted_current_terms:
        raise exc.AgreementOutdated()
    if not company.has_payment_method:
        raise exc.PaymentMethodRequired()


def job_publish_blockers(*, job: Job, company: Company) -> dict[str, str]:
    """Everything that stops a publish now, every gate at once (the publish itself stops at the first
    failing gate, in the order partners rely on): completeness gaps by model field, then `terms`, `payment`."""
    blockers = _completeness(job)
    if not company.has_accepted_current_terms:
        blockers["terms"] = exc.AgreementOutdated.message
    if not company.has_payment_method:
        blockers["payment"] = exc.PaymentMethodRequired.message
    return blockers


def _company_job(*, company: Company, job_id: JobId) -> Job:
    job: Job | None = Job.objects.select_related("company").filter(company=company, pk=job_id).first()
    if job is None:
        raise exc.JobNotFound()
    return job


def _announce_status(*, job: Job, previous: str, current: str, now: datetime) -> None:
    webhook_event_record(
        company_id=job.company_id,
        type="job.status_changed",
        data=status_changed_data(job_id=job.pk, previous=previous, current=current),
        now=now,
    )


def _status_move(*, job: Job, action: Action, now: datetime, **stamps: datetime) -> str:
    """Pause, resume or close `job` by conditional update, in the caller's transaction; exactly one racing
    caller wins, the others get INVALID_TRANSITION. Returns the status the job moved to."""
    sources, target = TRANSITIONS[action]
    # Locked so the status announced as "from" is the one this update replaces.
    previous = Job.objects.select_for_update().filter(pk=job.pk).values_list("status", flat=True).get()
    # A live job past expiresAt is EXPIRED already, whatever the sweep has written.
    candidates = Job.objects.filter(pk=job.pk, status__in=sources, expires_at__gt=now)
    if candidates.update(status=target, **stamps, updated_at=now) != 1:
        raise exc.InvalidTransition(f"Cannot {action} a job that is {Job.objects.get(pk=job.pk).status_at(now)}.")
    _announce_status(job=job, previous=previous, current=target, now=now)
    return target


def _moved(*, job: Job, action: Action, target: str) -> Job:
    job.refresh_from_db()
    logger.info("job %s: %s -> %s", job.pk, action, target)
    return job


def _publish(*, job: Job, now: datetime) -> Job:
    """DRAFT → ACTIVE through the three gates. The job row is locked, so the gates judge the same job that goes
    live (no edit slips in between)."""
    sources, target = TRANSITIONS["publish"]
    with transaction.atomic():
        # Locked before the job, and read in this transaction so a block that lands first is seen: company, then
        # job, the order of every writer of spend or bids (application_submit, a bid edit), so a publish never
        # deadlocks against them.
        _refuse_company_in_bad_standing(Company.objects.filter(pk=job.company_id).select_for_update().get())
        job = Job.objects.select_for_update().select_related("company").get(pk=job.pk)
        if job.status not in sources:
            raise exc.InvalidTransition(f"Cannot publish a job that is {job.status_at(now)}.")
        _check_publish_gates(job, job.company)
        previous = job.status
        published = Job.objects.filter(pk=job.pk, status__in=sources)
        if published.update(status=target, published_at=now, expires_at=now + JOB_LIFETIME, updated_at=now) != 1:
            raise exc.InvalidTransition(f"Cannot publish a job that is {Job.objects.get(pk=job.pk).status_at(now)}.")
        # Company-wide refreshes walk live jobs only, so a draft learns of a full company window here.
        jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
        _announce_status(job=job, previous=previous, current=target, now=now)
    return _moved(job=job, action="publish", target=target)


def _close(*, job: Job, now: datetime) -> Job:
    with transaction.atomic():
        target = _status_move(job=job, action="close", now=now, closed_at=now)
    return _moved(job=job, action="close", target=target)


def job_publish(*, company: Company, job_id: JobId, now: datetime | None = None) -> Job:
    """DRAFT → ACTIVE for one of the company's jobs, through completeness, terms and payment, in that order."""
    return _publish(job=_company_job(company=company, job_id=job_id), now=now or timezone.now())


def job_pause(*, company: Company, job_id: JobId, now: datetime | None = None) -> Job:
    """ACTIVE → PAUSED: candidates stop seeing the job; expiresAt does not move."""
    job = _company_job(company=company, job_id=job_id)
    with transaction.atomic():
        target = _status_move(job=job, action="pause", now=now or timezone.now())
    return _moved(job=job, action="pause", target=target)


def job_resume(*, company: Company, job_id: JobId, now: datetime | None = None) -> Job:
    """PAUSED → ACTIVE, refused to a company in bad standing."""
    job = _company_job(company=company, job_id=job_id)
    with transaction.atomic():
        # Read in this transaction, so a block that lands first is seen.
        _refuse_company_in_bad_standing(Company.objects.get(pk=job.company_id))
        target = _status_move(job=job, action="resume", now=now or timezone.now())
    return _moved(job=job, action="resume", target=target)


def job_close(*, company: Company, job_id: JobId, now: datetime | None = None) -> Job:
    """ACTIVE or PAUSED → CLOSED, for good; allowed to a company in bad standing too."""
    return _close(job=_company_job(company=company, job_id=job_id), now=now or timezone.now())


def job_create(*, company: Company, data: JobData, publish: bool = False, now: datetime | None = None) -> Job:
    """Creates a draft; with publish=True, creation and publishing succeed or fail together."""
    now = now or timezone.now()
    with transaction.atomic():
        _refuse_company_in_bad_standing(Company.objects.get(pk=company.pk))
        errors = job_input_errors(data=data)
        if errors:
            raise exc.ValidationFailed(errors)
        job = Job.objects.create(company=company, **_scalar_fields(data))
        _replace_children(job, data)
        jobs_refresh_search_vectors(jobs=Job.objects.filter(pk=job.pk))
        jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
        if publish:
            _publish(job=job, now=now)
    return job


def _normalized_set(items: Iterable[Mapping[str, Any]], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Comparable form of a replace-set: order first, lists as tuples, independent of listing order."""
    rows = [tuple(tuple(v) if isinstance(v, list) else v for v in (item.get(k) for k in keys)) for item in items]
    return sorted(rows)


def _frozen_set_changed(job: Job, data: JobData) -> bool:
    """True when the edit would change qualifications or questions; re-sending the same set is no change."""
    for name, keys in (("qualifications", ("order", "text", "kind")), ("questions", ("order", "prompt", "options"))):
        if name in data:
            current = _normalized_set(getattr(job, name).values(*keys), keys)
            if _normalized_set(data[name], keys) != current:
                return True
    return False


def job_update(*, company: Company, job_id: JobId, data: JobData, now: datetime | None = None) -> Job:
    """Partial update. The job row is locked so an edit cannot race an application or a close."""
    now = now or timezone.now()
    with transaction.atomic():
        if "budgets" in data or "bid_per_qualified_applicant_cents" in data:
            # Lock order company, then job, as application_submit: a charge to another job of the company then
            # commits before this refresh reads spend or after this bid is stored, never unseen by both.
            Company.objects.select_for_update().filter(pk=company.pk).first()
        job = _get_for_update(company=company, job_id=job_id)
        _refuse_company_in_bad_standing(Company.objects.get(pk=company.pk))
        status = job.status_at(now)
        if not job_is_editable(status):
            raise exc.JobNotEditable()
        changes_sets = any(k in data for k in FROZEN_SETS)
        if (
            changes_sets
            and job_is_frozen(application_count=job.applications.count())
            and _frozen_set_changed(job, data)
        ):
            raise exc.JobFrozen()
        # Re-judged on the locked row: a PATCH that sends only salaryMin meets the salaryMax stored now.
        errors = job_input_errors(data=data, job=job)
        if errors:
            raise exc.ValidationFailed(errors)
        if status in LIVE_STATUSES:
            gaps = _completeness(job, data)
            if gaps:
                raise exc.IncompleteJob(gaps)
        scalars = _scalar_fields(data)
        if scalars:
            for field, value in scalars.items():
                setattr(job, field, value)
            job.save(update_fields=[*scalars, "updated_at"])
        elif data:
            Job.objects.filter(pk=job.pk).update(updated_at=now)
        _replace_children(job, data)
        if data:
            jobs_refresh_search_vectors(jobs=Job.objects.filter(pk=job.pk))
        if "budgets" in data or "bid_per_qualified_applicant_cents" in data:
            jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
    return job


def job_close_by_admin(*, job: Job, actor: AbstractBaseUser, now: datetime | None = None) -> Job:
    """An admin closes any company's job; the close and its moderation record commit together."""
    with transaction.atomic():
        job = _close(job=job, now=now or timezone.now())
        company_services.moderation_record(actor=actor, action="job_close", target_type="job", target_id=job.pk)
    return job
