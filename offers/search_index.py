"""The weighted full-text documents of an offer (PostgreSQL only).

`search_vector` holds what the offers API searches (title, company, jobType, fields, technologies,
location); `board_vector` holds the same and the description, which the public board searches as well.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast

from companies.models import Company

from .models import Offer

SEARCH_CONFIG = "english"


def _offer_vectors() -> dict:
    """Title weighs most, then company, then job type and fields, then technologies and location.

    Built in SQL from the stored row, so one UPDATE refreshes any number of offers (a company rename)."""
    company_name = Subquery(Company.objects.filter(pk=OuterRef("company_id")).values("name")[:1])
    fields = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(company_name, weight="B", config=SEARCH_CONFIG)
        + SearchVector("job_type", Cast("fields", TextField()), weight="C", config=SEARCH_CONFIG)
        + SearchVector(Cast("technologies", TextField()), "location", weight="D", config=SEARCH_CONFIG)
    )
    # Stored HTML: PostgreSQL's parser reads tags as tags, and the english configuration drops them.
    description = SearchVector("description", weight="D", config=SEARCH_CONFIG)
    return {"search_vector": fields, "board_vector": fields + description}


def offers_refresh_search_vectors(*, offers: QuerySet[Offer]) -> int:
    if connection.vendor != "postgresql":
        return 0
    return offers.update(**_offer_vectors())


def offer_refresh_search_vector(*, offer: Offer) -> None:
    offers_refresh_search_vectors(offers=Offer.objects.filter(pk=offer.pk))
