"""Writes that span apps: they live here, above jobs and offers, so each app keeps its own imports."""

from django.db import transaction

from companies import services as company_services
from companies.models import Company
from jobs.models import Job
from jobs.search_index import jobs_refresh_search_vectors
from offers.models import Offer
from offers.search_index import offers_refresh_search_vectors


@transaction.atomic
def company_profile_update(*, company: Company, name: str, logo_url: str, bio: str, contacts: list[str]) -> Company:
    """Saves the public profile; a rename refreshes the search documents of every job and offer of the company,
    in the same transaction, so search finds postings by the new name the moment it is saved."""
    old_name = company.name
    company = company_services.company_update_profile(
        company=company, name=name, logo_url=logo_url, bio=bio, contacts=contacts
    )
    if company.name != old_name:
        company_search_refresh(company=company)
    return company


def company_search_refresh(*, company: Company) -> None:
    jobs_refresh_search_vectors(jobs=Job.objects.filter(company=company))
    offers_refresh_search_vectors(offers=Offer.objects.filter(company=company))
