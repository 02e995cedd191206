"""The weighted full-text document of an offer (PostgreSQL only)."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from .models import Offer

SEARCH_CONFIG = "english"


def offer_refresh_search_vector(*, offer: Offer) -> None:
    """Title weighs most, then company, then job type and fields, then technologies and location."""
    if connection.vendor != "postgresql":
        return

    def part(text: str, weight: str):
        return SearchVector(Value(text), weight=weight, config=SEARCH_CONFIG)

    Offer.objects.filter(pk=offer.pk).update(
        search_vector=part(offer.title, "A")
        + part(offer.company.name, "B")
        + part(" ".join([offer.job_type, *offer.fields]), "C")
        + part(" ".join([*offer.technologies, offer.location]), "D")
    )
