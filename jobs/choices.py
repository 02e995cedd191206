"""The values a job's and an application's fields take, with their labels; no models, so any module may use them."""

from django.db import models


# The labels are the words every page, feed and email shows for a value (get_FOO_display, or the `label` template
# filter, which reads them): a value is never shown as its code.
class JobStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    ACTIVE = "ACTIVE", "Active"
    PAUSED = "PAUSED", "Paused"
    CLOSED = "CLOSED", "Closed"
    EXPIRED = "EXPIRED", "Expired"


# The statuses of a published job that has not ended: what a candidate may still see (if not paused).
LIVE_STATUSES = (JobStatus.ACTIVE, JobStatus.PAUSED)


class RemoteOption(models.TextChoices):
    REMOTE = "REMOTE", "Remote"
    HYBRID = "HYBRID", "Hybrid"
    IN_PERSON = "IN_PERSON", "On site"


class JobType(models.TextChoices):
    FULL_TIME = "FULL_TIME", "Full time"
    PART_TIME = "PART_TIME", "Part time"
    CONTRACT = "CONTRACT", "Contract"
    INTERNSHIP = "INTERNSHIP", "Internship"


class JobLevel(models.TextChoices):
    ENTRY = "ENTRY", "Entry level"
    MID = "MID", "Mid level"
    SENIOR = "SENIOR", "Senior level"


class SalaryPeriod(models.TextChoices):
    ANNUAL = "ANNUAL", "Per year"
    HOURLY = "HOURLY", "Per hour"


class QualificationKind(models.TextChoices):
    REQUIRED = "REQUIRED", "Required"
    PREFERRED = "PREFERRED", "Preferred"


class BudgetWindow(models.TextChoices):
    DAILY = "DAILY", "Daily"
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"
    LIFETIME = "LIFETIME", "Lifetime"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress"
    DONE = "done"
