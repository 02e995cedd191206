"""The board's filters, one query string for jobs and offers alike (shared by the board page and the feeds).

Each kind has its own FilterSet over its own model, declared from one base so the two read the same
parameters; a filter that means nothing for a kind (salary for offers, fields for jobs) leaves that
kind out, because a candidate who asks for it wants postings that have it.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Combinable
from django.http import QueryDict

from jobs.choices import JobType, RemoteOption, SalaryPeriod
from jobs.models import Job, JobLocation
from offers.models import FIELDS, TECHNOLOGIES, Offer, offer_label
from offers.search_index import SEARCH_CONFIG
from offers.selectors import contains_any

KIND_CHOICES = [("job", "Jobs"), ("offer", "Offers (internships, grants and more)")]
# In the words the postings' own labels use (jobs/models.py, offers' offer_label).
WORKPLACE_CHOICES = [
    ("remote", RemoteOption.REMOTE.label),
    ("hybrid", RemoteOption.HYBRID.label),
    ("onsite", RemoteOption.IN_PERSON.label),
]
TYPE_CHOICES = [
    ("full_time", JobType.FULL_TIME.label),
    ("part_time", JobType.PART_TIME.label),
    ("contract", JobType.CONTRACT.label),
    ("internship", JobType.INTERNSHIP.label),
    ("research_grant", offer_label("RESEARCH GRANT")),
    ("other", offer_label("OTHER")),
]
JOB_TYPES = {
    "full_time": ["FULL_TIME"],
    "part_time": ["PART_TIME"],
    "contract": ["CONTRACT"],
    "internship": ["INTERNSHIP"],
}
OFFER_TYPES = {
    "full_time": ["FULL-TIME"],
    "part_time": ["PART-TIME"],
    "internship": ["SUMMER INTERNSHIP", "CURRICULAR INTERNSHIP"],
    "research_grant": ["RESEARCH GRANT"],
    "other": ["OTHER"],
}
POSTED_CHOICES = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]
# A year of full-time hours, to compare hourly pay with a yearly minimum.
HOURS_PER_YEAR = 2080
MAX_QUERY = 200


# A person ticks a few boxes; a query string can repeat one value a thousand times, and each value becomes one
# more OR in the query (SQLite refuses past about a thousand: "Expression tree is too large").
MAX_VALUES_PER_FILTER = 30
MULTI_VALUE_FILTERS = ("fields", "technologies")


def board_params(params: Mapping) -> Mapping:
    """The query string as the filters read it: each multi-value filter's values once each, in the order sent,
    at most MAX_VALUES_PER_FILTER of them. A plain mapping (a caller's own filters) holds one value a name."""
    if not isinstance(params, QueryDict) or not any(len(params.getlist(n)) > 1 for n in MULTI_VALUE_FILTERS):
        return params
    cleaned = params.copy()
    for name in MULTI_VALUE_FILTERS:
        cleaned.setlist(name, list(dict.fromkeys(params.getlist(name)))[:MAX_VALUES_PER_FILTER])
    return cleaned


# The filters of the board's Filters panel: every parameter but the search words and the page cursor.
PANEL_FILTERS = ("kind", "type", "workplace", "location", "salary_min", "posted_within", "fields", "technologies")


def panel_filters_set(params: Mapping) -> bool:
    """Whether the query string sets any filter of the Filters panel. An empty value (a form sends every field,
    filled or not) sets nothing: it filters nothing, so a plain search leaves the panel closed on a phone."""
    return any(str(value).strip() for name in PANEL_FILTERS for value in param_values(params, name))


def param_values(params: Mapping, name: str) -> list:
    """A parameter's values, from a query string or a plain mapping (one value a name)."""
    return params.getlist(name) if isinstance(params, QueryDict) else [params.get(name) or ""]


def clean_text(value: str) -> str:
    """Search text, bounded; NUL cannot reach the database, so it searches for nothing."""
    value = (value or "").strip()[:MAX_QUERY]
    return "" if "\x00" in value else value


# The two long choice lists are given as functions: every request builds two filter sets and their forms, and
# each deep-copies a list of choices (175 pairs here) where a function is copied by reference.
_FIELD_CHOICES = [(f, offer_label(f)) for f in FIELDS]
_TECHNOLOGY_CHOICES = [(t, t) for t in TECHNOLOGIES]


def field_choices() -> list[tuple[str, str]]:
    return _FIELD_CHOICES


def technology_choices() -> list[tuple[str, str]]:
    return _TECHNOLOGY_CHOICES


class BoardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search jobs and offers",
        method="filter_q",
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, company, skill or place"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Show", choices=KIND_CHOICES, method="filter_kind", empty_label="Jobs and offers"
    )
    workplace = django_filters.ChoiceFilter(
        label="Workplace", choices=WORKPLACE_CHOICES, method="filter_workplace", empty_label="Any"
    )
    location = django_filters.CharFilter(label="City or country", method="filter_location", max_length=100)
    type = django_filters.ChoiceFilter(
        label="Employment type", choices=TYPE_CHOICES, method="filter_type", empty_label="Any"
    )
    fields = django_filters.MultipleChoiceFilter(
        label="Fields",
        choices=field_choices,
        method="filter_fields",
        widget=forms.CheckboxSelectMultiple,
    )
    technologies = django_filters.MultipleChoiceFilter(
        label="Technologies",
        choices=technology_choices,
        method="filter_technologies",
        widget=forms.CheckboxSelectMultiple,
    )
    salary_min = django_filters.NumberFilter(
        label="Minimum yearly salary (USD)", method="filter_salary_min", min_value=0, max_value=10_000_000
    )
    posted_within = django_filters.ChoiceFilter(
        label="Posted", choices=POSTED_CHOICES, method="filter_posted_within", empty_label="Any time"
    )

    kind_name = ""
    posted_field = ""

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def filter_kind(self, queryset, name, value):
        return queryset if value == self.kind_name else queryset.none()

    def filter_posted_within(self, queryset, name, value):
        return queryset.filter(**{f"{self.posted_field}__gte": self.now - timedelta(days=int(value))})

    def filter_q(self, queryset, name, value):
        value = clean_text(value)
        return queryset.filter(self.text_match(value)) if value else queryset

    def text_match(self, value: str) -> Q | Combinable:
        raise NotImplementedError

    @staticmethod
    def search_query(value: str) -> SearchQuery:
        return SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)


class JobBoardFilter(BoardFilterSet):
    kind_name = "job"
    posted_field = "published_at"

    class Meta:
        model = Job
        fields: list[str] = []

    def text_match(self, value: str) -> Q | Combinable:
        if connection.vendor == "postgresql":
            return Q(search_vector=self.search_query(value))
        return (
            Q(title__icontains=value)
            | Q(company__name__icontains=value)
            | Q(description__icontains=value)
            | Q(remote_country__icontains=value)
            | Exists(JobLocation.objects.filter(job=OuterRef("pk"), location__city__icontains=value))
        )

    def filter_workplace(self, queryset, name, value):
        option = {"remote": RemoteOption.REMOTE, "hybrid": RemoteOption.HYBRID, "onsite": RemoteOption.IN_PERSON}
        return queryset.filter(remote_option=option[value])

    def filter_location(self, queryset, name, value):
        value = clean_text(value)
        if not value:
            return queryset
        places = JobLocation.objects.filter(job=OuterRef("pk")).filter(
            Q(location__city__icontains=value)
            | Q(location__state_province__icontains=value)
            | Q(location__country__icontains=value)
        )
        return queryset.filter(Exists(places) | Q(remote_country__icontains=value))

    def filter_type(self, queryset, name, value):
        return queryset.filter(job_type__in=JOB_TYPES[value]) if value in JOB_TYPES else queryset.none()

    def filter_fields(self, queryset, name, value):
        return queryset.none() if value else queryset

    filter_technologies = filter_fields

    def filter_salary_min(self, queryset, name, value):
        yearly = int(value)
        if yearly <= 0:
            return queryset
        return queryset.filter(
            Q(salary_period=SalaryPeriod.ANNUAL, salary_max__gte=yearly)
            | Q(salary_period=SalaryPeriod.HOURLY, salary_max__gte=-(-yearly // HOURS_PER_YEAR))
        )


class OfferBoardFilter(BoardFilterSet):
    kind_name = "offer"
    posted_field = "publish_date"

    class Meta:
        model = Offer
        fields: list[str] = []

    def text_match(self, value: str) -> Q | Combinable:
        if connection.vendor == "postgresql":
            return Q(board_vector=self.search_query(value))
        return (
            Q(title__icontains=value)
            | Q(company__name__icontains=value)
            | Q(description__icontains=value)
            | Q(location__icontains=value)
            | Q(fields__icontains=value)
            | Q(technologies__icontains=value)
        )

    def filter_workplace(self, queryset, name, value):
        # Offers name their place in free text; "Remote" there is the only workplace they state.
        remote = Q(location__icontains="remote")
        if value == "remote":
            return queryset.filter(remote)
        if value == "onsite":
            return queryset.exclude(remote)
        return queryset.none()

    def filter_location(self, queryset, name, value):
        value = clean_text(value)
        return queryset.filter(location__icontains=value) if value else queryset

    def filter_type(self, queryset, name, value):
        return queryset.filter(job_type__in=OFFER_TYPES[value]) if value in OFFER_TYPES else queryset.none()

    def filter_fields(self, queryset, name, value):
        return queryset.filter(contains_any("fields", value)) if value else queryset

    def filter_technologies(self, queryset, name, value):
        return queryset.filter(contains_any("technologies", value)) if value else queryset

    def filter_salary_min(self, queryset, name, value):
        # A minimum of 0 asks for nothing; any other minimum asks for a stated salary, which offers lack.
        return queryset if int(value) <= 0 else queryset.none()
