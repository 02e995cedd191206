"""The weighted full-text document of a job (PostgreSQL only), for the public board's search."""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Concat

from companies.models import Company

from .models import Job, JobLocation

SEARCH_CONFIG = "english"


def _job_search_vector() -> CombinedExpression:
    """Title weighs most, then company, then description, then where (places and the remote country).

    Built in SQL from the stored rows, so one UPDATE refreshes any number of jobs (a company rename)."""
    company_name = Subquery(Company.objects.filter(pk=OuterRef("company_id")).values("name")[:1])
    places = Subquery(
        JobLocation.objects.filter(job=OuterRef("pk"))
        .values("job")
        .annotate(
            text=StringAgg(
                Concat(
                    "location__city",
                    Value(" "),
                    Coalesce("location__state_province", Value("")),
                    Value(" "),
                    "location__country",
                ),
                delimiter=" ",
            )
        )
        .values("text")[:1]
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(company_name, weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        + SearchVector(places, "remote_country", weight="D", config=SEARCH_CONFIG)
    )


def jobs_refresh_search_vectors(*, jobs: QuerySet[Job]) -> int:
    if connection.vendor != "postgresql":
        return 0
    return jobs.update(search_vector=_job_search_vector())
