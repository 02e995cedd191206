"""Reads of jobs that more than one caller needs."""

from django.db.models import Prefetch, QuerySet

from companies.models import Company

from .models import Job, JobLocation, Location


def jobs_for_company(*, company: Company) -> QuerySet[Job]:
    """The company's jobs with everything the job resource shows, in a constant number of queries."""
    return (
        Job.objects.filter(company=company)
        .with_application_counts()
        .prefetch_related(
            Prefetch("job_locations", queryset=JobLocation.objects.select_related("location")),
            "qualifications",
            "questions",
            "budgets",
        )
        .order_by("-created_at", "-id")
    )


def locations_search(*, query: str, country: str = "United States", limit: int = 10) -> list[Location]:
    """Cities whose name starts with the query, biggest first, then other matches."""
    q = query.strip().lower()
    base = Location.objects.filter(country__iexact=country)
    starts = list(base.filter(search_name__startswith=q).order_by("-population", "id")[:limit])
    if len(starts) < limit:
        exclude = [loc.pk for loc in starts]
        starts += list(
            base.filter(search_name__contains=q)
            .exclude(pk__in=exclude)
            .order_by("-population", "id")[: limit - len(starts)]
        )
    return starts
