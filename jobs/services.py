"""Every write about jobs: create, edit, lifecycle transitions, applications and billing."""

import json
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Sum, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from companies import services as company_services
from companies.models import Company, WebhookEndpoint
from companies.selectors import webhook_types_wanted
from companies.webhooks import NewEvent, webhook_event_record, webhook_events_record

from . import exceptions as exc
from .events import application_data, budget_exhausted_data, status_changed_data
from .idempotency import ABANDONED_AFTER, KEY_LIFETIME, Claim, StoredResponse, request_differences, reused_message
from .models import (
    JOB_LIFETIME,
    LIVE_STATUSES,
    Application,
    ApplicationStatus,
    Budget,
    BudgetWindow,
    Charge,
    CompanyBudget,
    IdempotencyKey,
    IdempotencyState,
    Job,
    JobLocation,
    JobStatus,
    Location,
    Qualification,
    QualificationKind,
    Question,
    budget_window_end,
    budget_window_start,
)
from .search_index import jobs_refresh_search_vectors
from .validators import (
    FROZEN_SETS,
    SET_FIELDS,
    TRANSITIONS,
    application_errors,
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

logger = logging.getLogger(__name__)


def _get_for_update(*, company: Company, job_id) -> Job:
    job = Job.objects.select_for_update().filter(company=company, pk=job_id).first()
    if job is None:
        raise exc.JobNotFound()
    return job


def _replace_children(job: Job, data: dict) -> None:
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


def _scalar_fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in SET_FIELDS}


def _completeness(job: Job, data: dict | None = None) -> dict[str, str]:
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
        kinds = job.qualifications.values_list("kind", flat=True)
    return completeness_errors(merged, location_count=location_count, qualification_kinds=kinds)


def job_input_errors(*, data: dict, job: Job | None = None) -> dict[str, str]:
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


def jobs_refresh_budget_state(*, jobs, now: datetime) -> int:
    """Stores in budget_full_until when each job's full budget window resets (NULL: none is full), from the
    ledger's live definition (JobQuerySet.budget_exhausted). Callers run it in the transaction that changed
    spend, budgets or bids, so listings read one column and never go stale; a window's reset needs no
    write, because a reader compares the stored time with its own `now`."""
    return jobs.update(budget_full_until=Job.objects.budget_full_until(now=now))


def _company_jobs_refresh_budget_state(*, company_id, now: datetime, left: dict[str, int] | None = None) -> None:
    """Refreshes the company's live jobs after its company-wide budgets or spend changed. With `left` (what each
    company window has left to spend) only jobs whose bid exceeds the least of it can have become full, and a job
    already stored as full past every company window's reset cannot be held longer by them: one charge touches
    the jobs it fills, not all. A job full only until an earlier reset (its own day) is refreshed, or it would
    reappear then while the company's month is still full."""
    jobs = Job.objects.filter(company_id=company_id, status__in=LIVE_STATUSES)
    if left is not None:
        latest_reset = max(budget_window_end(window, now) for window in left)
        jobs = jobs.filter(bid_per_qualified_applicant_cents__gt=min(left.values())).filter(
            Q(budget_full_until__isnull=True) | Q(budget_full_until__lt=latest_reset)
        )
    jobs_refresh_budget_state(jobs=jobs, now=now)


def _company_budget_left(*, company_id, now: datetime) -> dict[str, int]:
    """What each company-wide window has left to spend at `now`; empty without company budgets."""
    charges = Charge.objects.billed().filter(company_id=company_id)
    left = {}
    for cap in CompanyBudget.objects.filter(company_id=company_id):
        start = budget_window_start(cap.window, now)
        spent = charges.filter(created_at__gte=start) if start is not None else charges
        left[cap.window] = cap.budget_cents - (spent.aggregate(total=Sum("amount_cents"))["total"] or 0)
    return left


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


def job_transition(*, job: Job, action: str, now: datetime | None = None) -> Job:
    """Moves a job along TRANSITIONS by conditional update; exactly one racing caller wins.

    Publishing also locks the row, so the gates judge the same job that goes live (no edit slips in).
    """
    now = now or timezone.now()
    sources, target = TRANSITIONS[action]
    with transaction.atomic():
        if action in ("publish", "resume"):
            # The company row is read in this transaction, so a block that lands first is seen.
            companies = Company.objects.filter(pk=job.company_id)
            if action == "publish":
                # Locked before the job (the lock below takes both): company, then job, the order of every writer
                # of spend or bids (application_submit, a bid edit), so a publish never deadlocks against them.
                companies = companies.select_for_update()
            _refuse_company_in_bad_standing(companies.get())
        if action == "publish":
            job = Job.objects.select_for_update().select_related("company").get(pk=job.pk)
            if job.status not in sources:
                raise exc.InvalidTransition(f"Cannot publish a job that is {job.status_at(now)}.")
            _check_publish_gates(job, job.company)
            previous = job.status
        else:
            # Locked so the status announced as "from" is the one this update replaces.
            previous = Job.objects.select_for_update().filter(pk=job.pk).values_list("status", flat=True).first()
        updates: dict = {"status": target}
        if action == "publish":
            updates.update(published_at=now, expires_at=now + JOB_LIFETIME)
        elif action == "close":
            updates["closed_at"] = now
        candidates = Job.objects.filter(pk=job.pk, status__in=sources)
        if action != "publish":
            # A live job past expiresAt is EXPIRED already, whatever the sweep has written.
            candidates = candidates.filter(expires_at__gt=now)
        if candidates.update(**updates, updated_at=now) != 1:
            raise exc.InvalidTransition(f"Cannot {action} a job that is {Job.objects.get(pk=job.pk).status_at(now)}.")
        if action == "publish":
            # Company-wide refreshes walk live jobs only, so a draft learns of a full company window here.
            jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
        webhook_event_record(
            company_id=job.company_id,
            type="job.status_changed",
            data=status_changed_data(job_id=job.pk, previous=previous, current=target),
            now=now,
        )
    job.refresh_from_db()
    logger.info("job %s: %s -> %s", job.pk, action, target)
    return job


def job_create(*, company: Company, data: dict, publish: bool = False, now: datetime | None = None) -> Job:
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
            job_transition(job=job, action="publish", now=now)
    return job


def _normalized_set(items: Iterable[dict], keys: tuple[str, ...]) -> list[tuple]:
    """Comparable form of a replace-set: order first, lists as tuples, independent of listing order."""
    rows = [tuple(tuple(v) if isinstance(v, list) else v for v in (item.get(k) for k in keys)) for item in items]
    return sorted(rows)


def _frozen_set_changed(job: Job, data: dict) -> bool:
    """True when the edit would change qualifications or questions; re-sending the same set is no change."""
    for name, keys in (("qualifications", ("order", "text", "kind")), ("questions", ("order", "prompt", "options"))):
        if name in data:
            current = _normalized_set(getattr(job, name).values(*keys), keys)
            if _normalized_set(data[name], keys) != current:
                return True
    return False


def job_update(*, company: Company, job_id, data: dict, now: datetime | None = None) -> Job:
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


def job_action(*, company: Company, job_id, action: str, now: datetime | None = None) -> Job:
    """publish / pause / resume / close on one of the company's jobs."""
    job = Job.objects.select_related("company").filter(company=company, pk=job_id).first()
    if job is None:
        raise exc.JobNotFound()
    return job_transition(job=job, action=action, now=now)


def job_close_by_admin(*, job: Job, actor, now: datetime | None = None) -> Job:
    """An admin closes any company's job; the close and its moderation record commit together."""
    with transaction.atomic():
        job = job_transition(job=job, action="close", now=now)
        company_services.moderation_record(actor=actor, action="job_close", target_type="job", target_id=job.pk)
    return job


# Rows one sweep transaction changes: locks are held for one batch, never for the whole sweep.
SWEEP_BATCH = 10_000


def _expire_due_jobs_batch_returning_watched(now: datetime, batch: int) -> tuple[int, list[tuple[str, int, str]]]:
    """PostgreSQL: one UPDATE of at most `batch` due jobs that also answers how many rows it changed and, for the
    jobs of companies with an active webhook endpoint only, (id, company id, status before).

    The rows are locked FOR UPDATE SKIP LOCKED: a job a partner is editing right now is left for the next batch
    or beat (readers already see it EXPIRED), so the sweep never waits on a partner and a partner never waits
    on more than one batch; two overlapping sweeps take disjoint rows, so each job is changed, and announced,
    once. The status before is read under that lock, so a pause committed first is the "from" announced.

    The UPDATE finds its rows by `id = ANY(the batch's ids)`: a pkey lookup per row. Joined on `id` alone, the planner
    hashed the whole table for every batch, so each batch cost more as the table grew. Not by ctid, though cheaper:
    a row updated by a commit after the statement's snapshot is locked in its newer version, which the UPDATE's
    snapshot cannot see by ctid, so it would stay due yet count in no batch; found by id, its older version leads
    the UPDATE to the locked one."""
    table = Job._meta.db_table
    endpoints = WebhookEndpoint._meta.db_table
    live = [str(status) for status in LIVE_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH before AS (
                SELECT id, status FROM {table} WHERE status = ANY(%s) AND expires_at <= %s
                LIMIT %s FOR UPDATE SKIP LOCKED
            ), changed AS (
                UPDATE {table} AS job SET status = %s, updated_at = %s
                FROM before
                WHERE job.id = ANY(ARRAY(SELECT id FROM before)) AND job.id = before.id
                RETURNING job.id, job.company_id, before.status AS previous
            )
            SELECT
                (SELECT count(*) FROM changed),
                (SELECT coalesce(json_agg(json_build_array(id, company_id, previous)), '[]')
                 FROM changed WHERE company_id IN (SELECT company_id FROM {endpoints} WHERE is_active))
            """,
            [live, now, batch, JobStatus.EXPIRED.value, now],
        )
        rows, watched = cursor.fetchone()
    if isinstance(watched, str):
        watched = json.loads(watched)
    return rows, [tuple(change) for change in watched]


def _announce_expired(watched: list[tuple[str, int, str]], *, now: datetime) -> None:
    webhook_events_record(
        events=[
            NewEvent(
                company_id=company_id,
                type="job.status_changed",
                data=status_changed_data(job_id=job_id, previous=previous, current=JobStatus.EXPIRED),
            )
            for job_id, company_id, previous in watched
        ],
        now=now,
    )


def _expire_due_jobs_in_batches(*, now: datetime, batch: int, stop: threading.Event | None = None) -> int:
    total = 0
    while stop is None or not stop.is_set():
        # No savepoint: a batch never recovers from an error halfway; the ones committed before stay done.
        with transaction.atomic(savepoint=False):
            rows, watched = _expire_due_jobs_batch_returning_watched(now, batch)
            _announce_expired(watched, now=now)
        total += rows
        # A short batch: fewer due rows were left unlocked; the ones another sweeper holds are its to finish.
        if rows < batch:
            break
    return total


def _expire_due_jobs_in_batches_on_own_connection(*, now: datetime, batch: int, stop: threading.Event) -> int:
    try:
        return _expire_due_jobs_in_batches(now=now, batch=batch, stop=stop)
    except BaseException:
        stop.set()  # the others finish their batch and stop: the beat's next run takes the rest
        raise
    finally:
        # Django closes connections at the end of a request or a task, never a worker thread's own.
        connection.close()


def expire_due_jobs(*, now: datetime | None = None, batch: int = SWEEP_BATCH, connections: int = 1) -> int:
    """Live jobs past expiresAt become EXPIRED, in transactions of at most `batch` jobs; idempotent. Jobs of
    companies with a webhook endpoint get job.status_changed in the transaction that changed them.

    On PostgreSQL, `connections` sweepers run at once, each in its own thread and connection, taking disjoint
    batches (SKIP LOCKED): the database spreads the writes over its cores, where one connection uses one (the beat
    passes settings.SWEEP_CONNECTIONS). When one fails the others stop after their current batch, and the first
    error is raised once all have stopped. Inside a caller's transaction the sweep runs in it, on one connection:
    other connections could not see the caller's uncommitted rows."""
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        # Other databases (SQLite in development) write one transaction at a time: read, then update, at once.
        with transaction.atomic():
            due = Job.objects.due_for_expiry(now=now)
            watching = WebhookEndpoint.objects.filter(is_active=True).values("company_id")
            watched = list(due.filter(company_id__in=watching).values_list("pk", "company_id", "status"))
            rows = due.update(status=JobStatus.EXPIRED, updated_at=now)
            _announce_expired(watched, now=now)
        return rows
    if connections <= 1 or connection.in_atomic_block:
        return _expire_due_jobs_in_batches(now=now, batch=batch)
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=connections, thread_name_prefix="expire-jobs") as pool:
        sweepers = [
            pool.submit(_expire_due_jobs_in_batches_on_own_connection, now=now, batch=batch, stop=stop)
            for _ in range(connections)
        ]
    failures = [sweeper.exception() for sweeper in sweepers if sweeper.exception() is not None]
    for failure in failures[1:]:
        logger.error("Expiry sweeper failed too", exc_info=failure)
    if failures:
        raise failures[0]
    return sum(sweeper.result() for sweeper in sweepers)


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


def _source_applied_recently(*, company_id, source: str | None, now: datetime, besides: Application) -> bool:
    if source is None:
        return False
    earlier = Application.objects.filter(
        source_hash=source, job__company_id=company_id, created_at__gt=now - SAME_SOURCE_WINDOW
    )
    return earlier.exclude(pk=besides.pk).exists()


def application_submit(
    *,
    job_id,
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
            if not skipped_reason:
                jobs_refresh_budget_state(jobs=Job.objects.filter(pk=job.pk), now=now)
                left = _company_budget_left(company_id=job.company_id, now=now)
                if left:
                    _company_jobs_refresh_budget_state(company_id=job.company_id, now=now, left=left)
        _announce_application(
            job=job,
            application=application,
            met_ids=[q.pk for q in qualifications if q.pk in met_ids],
            charged=bool(application.is_qualified and job.bid_per_qualified_applicant_cents),
            now=now,
        )
    return application


@transaction.atomic
def company_budget_set(
    *, company: Company, window: str, budget_cents: int, notes: str = "", now: datetime | None = None
) -> CompanyBudget:
    """Sets (or replaces) the company-wide cap for one window, spanning every job of the company."""
    # Serialised with charges (application_submit locks the company first), so the refresh below sees them all.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    budget, _ = CompanyBudget.objects.update_or_create(
        company=company, window=window, defaults={"budget_cents": budget_cents, "notes": notes}
    )
    _company_jobs_refresh_budget_state(company_id=company.pk, now=now or timezone.now())
    return budget


@transaction.atomic
def company_budgets_replace(*, company: Company, budgets: list[dict]) -> None:
    """The company-wide caps become exactly `budgets` (a replace-set, like a job's): windows left out lose
    their cap. One window each, by the same rule as a job's budgets."""
    errors = budget_window_errors([b["window"] for b in budgets])
    if errors:
        raise exc.ValidationFailed(errors)
    # Two saves at once would each delete what the other left out and keep a mix neither asked for.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    now = timezone.now()
    CompanyBudget.objects.filter(company=company).exclude(window__in=[b["window"] for b in budgets]).delete()
    for budget in budgets:
        company_budget_set(company=company, **budget, now=now)
    if not budgets:
        _company_jobs_refresh_budget_state(company_id=company.pk, now=now)


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


def application_decide(*, application: Application, status: str) -> Application:
    """PENDING → ACCEPTED or REJECTED, once. One conditional UPDATE (atomic on its own, no transaction needed):
    of two racing decisions exactly one changes the row, the other gets INVALID_TRANSITION, and a repeat of
    the same decision is refused too. The dashboard and the partner API both decide through this;
    application_reopen undoes a decision."""
    if status not in DECISIONS:
        raise ValueError(f"not a decision: {status!r}")
    changed = Application.objects.filter(pk=application.pk, status=ApplicationStatus.PENDING).update(status=status)
    application.refresh_from_db()
    if not changed:
        verb = "accept" if status == ApplicationStatus.ACCEPTED else "reject"
        raise exc.InvalidTransition(f"Cannot {verb} an application that is {application.status.upper()}.")
    logger.info("application %s: pending -> %s", application.pk, status)
    return application


def application_mark_viewed(*, application: Application, now: datetime | None = None) -> Application:
    Application.objects.filter(pk=application.pk, viewed_at__isnull=True).update(viewed_at=now or timezone.now())
    application.refresh_from_db()
    return application


def application_mark_spam(*, application: Application, actor, now: datetime | None = None) -> bool:
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
            refunded = (
                Charge.objects.billed()
                .filter(application=application)
                .update(refunded_at=now, refund_reason=REFUND_SPAM)
            )
            company_services.moderation_record(
                actor=actor, action="application_mark_spam", target_type="application", target_id=application.pk
            )
            if refunded:
                jobs_refresh_budget_state(jobs=Job.objects.filter(pk=application.job_id), now=now)
                if CompanyBudget.objects.filter(company=company).exists():
                    _company_jobs_refresh_budget_state(company_id=company.pk, now=now)
    application.refresh_from_db()
    logger.info("application %s marked spam: %s", application.pk, "done" if marked else "already marked")
    return bool(marked)


def _idempotency_row_locked(*, company: Company, key: str) -> IdempotencyKey | None:
    # Locked so that two retries of a stale key cannot both replace it: the second waits, then finds it gone.
    return IdempotencyKey.objects.select_for_update().filter(company=company, key=key).first()


def _idempotency_row_stale(row: IdempotencyKey, now: datetime) -> bool:
    """Past its 24 hours, or claimed by a request whose process died: the key counts as unused."""
    if row.created_at <= now - KEY_LIFETIME:
        return True
    return row.state == IdempotencyState.IN_PROGRESS and row.created_at <= now - ABANDONED_AFTER


def idempotency_key_claim(
    *, company: Company, key: str, method: str, path: str, body_hash: str, now: datetime
) -> Claim | StoredResponse:
    """Claims the key for this request, or answers why it may not run.

    Its own transaction, committed before the view runs, so that a racing retry sees the claim (the unique
    constraint lets exactly one INSERT through). Returns a Claim (run the request, then idempotency_key_finish)
    or the StoredResponse to replay; raises IdempotencyKeyReused or IdempotencyInProgress."""
    with transaction.atomic():
        row = _idempotency_row_locked(company=company, key=key)
        if row is not None and _idempotency_row_stale(row, now):
            row.delete()
            row = None
        if row is None:
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        company=company, key=key, method=method, path=path, body_hash=body_hash, created_at=now
                    )
                return Claim(pk=row.pk)
            except IntegrityError:
                # A racing request inserted the key after our read: judge its row like any other.
                row = _idempotency_row_locked(company=company, key=key)
                if row is None:  # and it has already given the key back: it was running a moment ago
                    raise exc.IdempotencyInProgress() from None
        differences = request_differences(first=(row.method, row.path, row.body_hash), retry=(method, path, body_hash))
        if differences:
            raise exc.IdempotencyKeyReused(reused_message(differences))
        if row.state == IdempotencyState.IN_PROGRESS:
            raise exc.IdempotencyInProgress()
        return StoredResponse(status=row.response_status, body=row.response_body)


def idempotency_key_finish(*, claim: Claim, status: int, body: str) -> None:
    """Stores the answer for replays; a 5xx or 429 is not an answer to keep, so the key is given back and a retry
    runs again. Conditional on the claim still being in progress: a claim reclaimed as abandoned is not ours."""
    if status >= 500 or status == 429:
        IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).delete()
        return
    IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).update(
        state=IdempotencyState.DONE, response_status=status, response_body=body
    )


def idempotency_key_release(*, claim: Claim) -> None:
    """The request failed before it had an answer: give the key back so a retry runs."""
    IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).delete()


IDEMPOTENCY_PURGE_BATCH = 1000


def idempotency_keys_purge(*, now: datetime, batch_size: int = IDEMPOTENCY_PURGE_BATCH) -> int:
    """Deletes keys past their 24 hours, in batches of bounded size (each its own short statement, autocommit),
    so a large backlog never holds long locks. Returns how many rows went."""
    cutoff = now - KEY_LIFETIME
    purged = 0
    while True:
        batch = list(IdempotencyKey.objects.filter(created_at__lte=cutoff).values_list("pk", flat=True)[:batch_size])
        if not batch:
            return purged
        purged += IdempotencyKey.objects.filter(pk__in=batch, created_at__lte=cutoff).delete()[0]
        if len(batch) < batch_size:
            return purged
