import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Self, TypeAlias, TypedDict, cast

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower

from companies.models import Company

from .budget_windows import budget_window_end, budget_window_start
from .choices import (
    LIVE_STATUSES,
    ApplicationStatus,
    BudgetWindow,
    IdempotencyState,
    JobLevel,
    JobStatus,
    JobType,
    QualificationKind,
    RemoteOption,
    SalaryPeriod,
)
from .formatting import place_display_name, salary_text

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A job read through JobQuerySet.with_application_counts.
    JobWithCounts: TypeAlias = WithAnnotations["Job", "ApplicationCounts"]

JOB_LIFETIME = timedelta(days=30)


class Location(models.Model):
    """A canonical place; the id is the GeoNames id, stable across loads."""

    id = models.IntegerField(primary_key=True)
    city = models.CharField(max_length=200)
    state_province = models.CharField(max_length=100, blank=True, null=True)
    state_code = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=100)
    country_code = models.CharField(max_length=2)
    population = models.BigIntegerField(default=0)
    search_name = models.CharField(max_length=200, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["country", "search_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return place_display_name(self.city, self.state_province, self.country)


class ApplicationCounts(TypedDict):
    """What JobQuerySet.with_application_counts adds to each job."""

    pending_count: int
    accepted_count: int
    rejected_count: int
    new_applicant_count: int


class JobQuerySet(models.QuerySet["Job"]):
    def with_status(self, status: str, *, now: datetime) -> Self:
        """Filter by the status a reader sees: live jobs past expiresAt read as EXPIRED."""
        if status in LIVE_STATUSES:
            return self.filter(status=status, expires_at__gt=now)
        if status == JobStatus.EXPIRED:
            return self.filter(Q(status=JobStatus.EXPIRED) | Q(status__in=LIVE_STATUSES, expires_at__lte=now))
        return self.filter(status=status)

    def budget_exhausted(self, *, now: datetime, windows: Iterable[str] = BudgetWindow.values) -> Q:
        """Jobs with a budget window (the job's own, or the company's across all its jobs) that cannot
        pay one more bid: full until that window resets. The one definition used for listing and billing.
        `windows` narrows it to some windows (which window is full, for the budget_exhausted webhook)."""

        def spent(scope: str, start: datetime | None) -> Coalesce:
            charges = Charge.objects.billed().filter(**{scope: OuterRef(scope)})
            if start is not None:
                charges = charges.filter(created_at__gte=start)
            total = charges.values(scope).annotate(total=Sum("amount_cents")).values("total")[:1]
            return Coalesce(Subquery(total), Value(0))

        conditions = Q()
        bid = OuterRef("bid_per_qualified_applicant_cents")
        for window in windows:
            start = budget_window_start(window, now)
            # Each Exists wrapped in a Q: Q() | Exists is the Exists itself, and the result must stay a Q.
            conditions |= Q(
                Exists(
                    Budget.objects.filter(job=OuterRef("pk"), window=window, budget_cents__lt=spent("job", start) + bid)
                )
            )
            conditions |= Q(
                Exists(
                    CompanyBudget.objects.filter(
                        company=OuterRef("company"), window=window, budget_cents__lt=spent("company", start) + bid
                    )
                )
            )
        return conditions

    def budget_full_until(self, *, now: datetime) -> Case:
        """When each job's fullest budget window resets, or NULL when none is full at `now`: the value the
        services store in Job.budget_full_until, from the live definition above."""
        # Latest reset first, so the first full window found is the one the job waits for.
        ends = sorted(((budget_window_end(window, now), window) for window in BudgetWindow.values), reverse=True)
        full = [When(self.budget_exhausted(now=now, windows=[window]), then=Value(end)) for end, window in ends]
        return Case(*full, default=Value(None), output_field=models.DateTimeField())

    def within_budget(self, *, now: datetime) -> Self:
        """Jobs whose budgets can pay another bid, from the stored state: one column, so a list walking an
        index tests it per row instead of summing the ledger per row (and the planner can estimate it)."""
        return self.filter(Q(budget_full_until__isnull=True) | Q(budget_full_until__lte=now))

    def accepting_applications(self, *, now: datetime) -> Self:
        """Live and published at `now`, company in good standing. A full budget still takes applications."""
        return self.with_status(JobStatus.ACTIVE, now=now).filter(company__is_blocked=False, company__is_disabled=False)

    def publicly_visible(self, *, now: datetime) -> Self:
        """What a candidate may see at `now`; every list, page, feed and API uses this."""
        return self.accepting_applications(now=now).within_budget(now=now)

    def with_application_counts(self) -> "models.QuerySet[JobWithCounts]":
        """Each job's application counts as correlated subqueries, not a join and GROUP BY: the database
        then counts for the rows a page returns (after LIMIT), not for every job of the company."""

        def count(**conditions: object) -> Coalesce:
            applications = Application.objects.filter(job=OuterRef("pk"), **conditions).order_by()
            return Coalesce(Subquery(applications.values("job").annotate(n=Count("pk")).values("n")), Value(0))

        counted = self.annotate(
            pending_count=count(status=ApplicationStatus.PENDING),
            accepted_count=count(status=ApplicationStatus.ACCEPTED),
            rejected_count=count(status=ApplicationStatus.REJECTED),
            new_applicant_count=count(viewed_at__isnull=True),
        )
        # The plugin knows the names annotate() adds, not that each count is an int.
        return cast("models.QuerySet[JobWithCounts]", counted)

    def due_for_expiry(self, *, now: datetime) -> Self:
        return self.filter(status__in=LIVE_STATUSES, expires_at__lte=now)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the (company, -created_at, -id) index below answers every lookup by company.
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="jobs", db_index=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    remote_option = models.CharField(max_length=10, choices=RemoteOption.choices, null=True, blank=True)
    remote_country = models.CharField(max_length=100, null=True, blank=True)
    job_type = models.CharField(max_length=12, choices=JobType.choices, null=True, blank=True)
    job_level = models.CharField(max_length=8, choices=JobLevel.choices, null=True, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_period = models.CharField(max_length=8, choices=SalaryPeriod.choices, null=True, blank=True)
    bid_per_qualified_applicant_cents = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    locations: "models.ManyToManyField[Location, JobLocation]" = models.ManyToManyField(
        Location, through="JobLocation", related_name="jobs"
    )
    # When the fullest of the job's budget windows (its own or the company's) resets; NULL when none is full.
    # Kept by jobs.services.jobs_refresh_budget_state whenever spend, budgets or the bid change.
    budget_full_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The company's choice: candidates get a short note when their application is accepted or rejected.
    notify_candidate_of_decision = models.BooleanField(default=False)
    # The expires_at the company's staff were last warned about (jobs.services.notices): a job is warned once per
    # expiry date, so a job extended and nearing its new date is warned again, and no beat run warns twice.
    expiry_warned_for = models.DateTimeField(null=True, blank=True, editable=False)
    # Filled on PostgreSQL only (weighted tsvector, jobs/search_index.py); SQLite search falls back to plain matching.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["company", "-created_at", "-id"]),
            # Live jobs only. Expiring a job writes a new row version into every index whose predicate that version
            # meets (changing status is never a HOT update), so the sweep skips this one, the board's and the
            # ACTIVE-only search index (migration 0009): three index entries per job instead of seven.
            models.Index(fields=["expires_at"], condition=Q(status__in=LIVE_STATUSES), name="job_due_for_expiry_idx"),
            # The board walks live jobs newest first; keyset pages start anywhere in this index.
            models.Index(fields=["-published_at", "-id"], condition=Q(status="ACTIVE"), name="job_board_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def status_at(self, now: datetime) -> str:
        return job_status_at(self.status, self.expires_at, now)

    @property
    def salary_text(self) -> str:
        return salary_text(self.salary_min, self.salary_max, self.salary_period)


def job_status_at(status: str, expires_at: datetime | None, now: datetime) -> str:
    """The status a reader sees at `now`: a live job past expiresAt is EXPIRED before the sweep stores it."""
    if status in LIVE_STATUSES and expires_at and expires_at <= now:
        return JobStatus.EXPIRED
    return status


class JobLocation(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="job_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "location"], name="unique_job_location")]


class Qualification(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="qualifications")
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=QualificationKind.choices, default=QualificationKind.REQUIRED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class Question(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="questions")
    prompt = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    # An empty list means a free-text answer.
    options = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]


class BudgetCap(models.Model):
    """A spend cap for one window; the window resets in UTC (see budget_window_start)."""

    window = models.CharField(max_length=8, choices=BudgetWindow.choices)
    budget_cents = models.PositiveIntegerField()
    notes = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        abstract = True
        ordering = ["id"]


class Budget(BudgetCap):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="budgets")

    class Meta(BudgetCap.Meta):
        constraints = [models.UniqueConstraint(fields=["job", "window"], name="unique_job_budget_window")]


class CompanyBudget(BudgetCap):
    """A cap on what the company spends across all its jobs in one window."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="budgets")

    class Meta(BudgetCap.Meta):
        constraints = [models.UniqueConstraint(fields=["company", "window"], name="unique_company_budget_window")]


class Application(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    candidate_name = models.CharField(max_length=200)
    email = models.EmailField()
    # {question id (str): answer text}
    answers = models.JSONField(default=dict, blank=True)
    met_qualifications = models.ManyToManyField(Qualification, blank=True, related_name="met_by")
    is_qualified = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    viewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A keyed hash of the client IP and User-Agent of a public-site application (never the address itself;
    # NULL for partner-API ones): a second application from one address to one company within a day is not
    # charged (jobs.services.application_submit).
    source_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # Company staff marked it spam (and its charge was refunded): who and when. Final, see application_mark_spam.
    spam_marked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # No index: it is read with its application, and looked up by user only when a user is deleted (staff who
    # leave are deactivated, not deleted: companies.services.company_staff_remove).
    spam_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One application per person and job, whatever the case of the email: each qualified application
            # bills the bid, so a second one from the same person would bill it again.
            models.UniqueConstraint("job", Lower("email"), name="one_application_per_email"),
        ]
        indexes = [
            # The same-address lookup: the few applications from one address in the last day, then their company.
            models.Index(
                fields=["source_hash", "created_at"],
                condition=Q(source_hash__isnull=False),
                name="application_source_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} → {self.job}"

    @property
    def is_spam(self) -> bool:
        return self.spam_marked_at is not None

    @property
    def billing(self) -> "Billing":
        """Whether the company pays for this application, how much, and why not: the dashboard and the partner
        API say the same. Only a qualified application on a job with a bid has a charge at all."""
        try:
            charge = self.charge
        except Charge.DoesNotExist:
            return Billing(charged=False, amount_cents=0, reason="not qualified" if not self.is_qualified else "no bid")
        reason = charge.not_billed_reason
        return Billing(charged=reason is None, amount_cents=charge.billed_cents, reason=reason)


@dataclass(frozen=True)
class Billing:
    charged: bool
    amount_cents: int
    reason: str | None


class ChargeQuerySet(models.QuerySet["Charge"]):
    def billed(self) -> Self:
        """What the company pays for: neither skipped nor refunded. Every spend and budget sum starts here."""
        return self.filter(skipped=False, refunded_at__isnull=True)


class Charge(models.Model):
    """The billing ledger: one row per qualified application, charged or skipped for good. A charged row can
    later be refunded (its application marked spam): the row stays, with when and why, and stops counting."""

    # PROTECT: the ledger is billing history, so a job, company or application with charges cannot be deleted.
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="charge")
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="charges")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="charges")
    amount_cents = models.PositiveIntegerField()
    skipped = models.BooleanField(default=False)
    skipped_reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(db_index=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.CharField(max_length=100, blank=True)

    objects = ChargeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["job", "created_at"]), models.Index(fields=["company", "created_at"])]

    @property
    def billed_cents(self) -> int:
        """What the company pays for this application."""
        return 0 if self.skipped or self.refunded_at else self.amount_cents

    @property
    def not_billed_reason(self) -> str | None:
        """Why the company pays nothing for it (None when it pays)."""
        if self.skipped:
            return self.skipped_reason
        if self.refunded_at:
            return f"refunded: {self.refund_reason}"
        return None


class IdempotencyKey(models.Model):
    """A partner's `Idempotency-Key` and the first answer given to it: one row per (company, key)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.TextField()
    body_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=11, choices=IdempotencyState.choices, default=IdempotencyState.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        # The constraint is the lock: of two racing first requests only one INSERT succeeds, so only one runs.
        constraints = [models.UniqueConstraint(fields=["company", "key"], name="unique_company_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.company_id}:{self.key} ({self.state})"


class JobDay(models.Model):
    """What one job had on one UTC day: views of its public page, applications and qualified ones on the day the
    candidate applied, decisions on the day taken, and the billed charges of that day (jobs.services.days)."""

    # No index of its own: the unique (job, day) index answers every lookup by job.
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="days", db_index=False)
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    applications = models.PositiveIntegerField(default=0)
    qualified_applications = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Signed: a refund subtracts the charge from its day.
    spend_cents = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["job", "day"]
        # The unique index is the (job, day) index a range read uses, and the upsert's conflict target.
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="unique_job_day")]
        # The platform statistics read every job's rows of a range of days.
        indexes = [models.Index(fields=["day"], name="job_day_day_idx")]
        permissions = [("view_platform_statistics", "Can view the platform statistics page")]

    def __str__(self) -> str:
        return f"{self.job_id} {self.day}"
