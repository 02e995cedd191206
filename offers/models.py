import json
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from companies.models import Company

_ENUMS = json.loads((Path(__file__).parent / "enums.json").read_text())
JOB_TYPES: list[str] = _ENUMS["jobTypes"]
FIELDS: list[str] = _ENUMS["fields"]["values"]
FIELDS_MIN, FIELDS_MAX = _ENUMS["fields"]["min"], _ENUMS["fields"]["max"]
TECHNOLOGIES: list[str] = _ENUMS["technologies"]["values"]
TECHNOLOGIES_MIN, TECHNOLOGIES_MAX = _ENUMS["technologies"]["min"], _ENUMS["technologies"]["max"]

# The words every page, feed and form shows for an offer's job type or field (offer_label), never the upper-case
# NIJobs value; most read as the value capitalized.
_SPELLED = {
    "FULL-TIME": "Full time",
    "PART-TIME": "Part time",
    "FULL-STACK": "Full stack",
    "DEVOPS": "DevOps",
    "UX DESIGN": "UX design",
    "SYSADMIN": "System administration",
    "DATABASE ADMIN": "Database administration",
}


def offer_label(value: str) -> str:
    """An offer's job type or field as words: "SUMMER INTERNSHIP" → "Summer internship", "DEVOPS" → "DevOps"."""
    return _SPELLED.get(value, value.capitalize())


MAX_CONCURRENT_OFFERS = 5
MONTH = timedelta(days=30.42)
MAX_PUBLISH_WINDOW = 6 * MONTH


class HiddenReason(models.TextChoices):
    COMPANY_REQUEST = "COMPANY_REQUEST"
    ADMIN_REQUEST = "ADMIN_REQUEST"
    COMPANY_BLOCKED = "COMPANY_BLOCKED"
    COMPANY_DISABLED = "COMPANY_DISABLED"


class OfferQuerySet(models.QuerySet["Offer"]):
    def in_window(self, *, now: datetime) -> "OfferQuerySet":
        """Published at `now`: publishDate ≤ now < publishEndDate."""
        return self.filter(publish_date__lte=now, publish_end_date__gt=now)

    def publicly_visible(self, *, now: datetime) -> "OfferQuerySet":
        """Active at `now`: inside its window, not hidden or archived, company in good standing."""
        return self.in_window(now=now).filter(
            is_hidden=False,
            is_archived=False,
            company__is_blocked=False,
            company__is_disabled=False,
        )

    def counting_toward_limit(self) -> "OfferQuerySet":
        """Offers that occupy one of the company's concurrent slots during their window."""
        return self.filter(is_hidden=False, is_archived=False)

    def overlapping(self, start: datetime, end: datetime) -> "OfferQuerySet":
        # Half-open windows: touching at an endpoint is not overlapping.
        return self.filter(publish_date__lt=end, publish_end_date__gt=start)

    def due_to_end(self, *, now: datetime) -> "OfferQuerySet":
        return self.filter(publish_end_date__lte=now, ended_at__isnull=True)


class Offer(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(max_length=90)
    publish_date = models.DateTimeField()
    publish_end_date = models.DateTimeField()
    job_min_duration = models.PositiveIntegerField()
    job_max_duration = models.PositiveIntegerField(null=True, blank=True)
    job_start_date = models.DateTimeField(null=True, blank=True)
    description = models.TextField(help_text="Sanitized HTML.")
    contacts = models.JSONField(default=list)
    is_paid = models.BooleanField(null=True, blank=True)
    vacancies = models.PositiveIntegerField(null=True, blank=True)
    job_type = models.CharField(max_length=30)
    fields = models.JSONField(default=list)
    technologies = models.JSONField(default=list)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=20, choices=HiddenReason.choices, null=True, blank=True)
    admin_reason = models.TextField(null=True, blank=True)
    is_archived = models.BooleanField(default=False)
    location = models.CharField(max_length=150)
    coordinates = models.JSONField(null=True, blank=True)
    requirements = models.JSONField(default=list)
    apply_url = models.CharField(max_length=500, null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Set by the sweep once publishEndDate passed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled on PostgreSQL only (weighted tsvector); SQLite search falls back to plain matching.
    search_vector = SearchVectorField(null=True, editable=False)
    # The public board's document: search_vector's fields and the description too (the offers API's contract
    # searches only the fields it names). One column, so one GIN index answers the board's search.
    board_vector = SearchVectorField(null=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_date", "-id"]
        permissions = [("moderate_offer", "Can moderate offers and companies")]
        indexes = [
            models.Index(fields=["company", "publish_date", "publish_end_date"]),
            models.Index(
                fields=["publish_date", "publish_end_date"],
                condition=Q(is_hidden=False, is_archived=False),
                name="offer_visible_window_idx",
            ),
            # The end sweep's batches find the offers still to end without reading the ended ones.
            models.Index(fields=["publish_end_date"], condition=Q(ended_at__isnull=True), name="offer_due_to_end_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def job_type_label(self) -> str:
        return offer_label(self.job_type) if self.job_type else ""

    @property
    def field_labels(self) -> list[str]:
        return [offer_label(field) for field in self.fields]


class OfferDay(models.Model):
    """What one offer had on one UTC day: views of its public page and clicks on its apply link
    (offers.services.days)."""

    # No index of its own: the unique (offer, day) index answers every lookup by offer.
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="days", db_index=False)
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    apply_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["offer", "day"]
        constraints = [models.UniqueConstraint(fields=["offer", "day"], name="unique_offer_day")]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.day}"
