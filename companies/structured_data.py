"""schema.org data about a company, shared by the job and offer pages' JobPosting."""

from .models import Company


def hiring_organization(company: Company, *, url: str) -> dict:
    """The JobPosting's hiringOrganization: name, its public page as sameAs, and the logo when it has one."""
    organization = {"@type": "Organization", "name": company.name, "sameAs": url}
    if company.logo_url:
        organization["logo"] = company.logo_url
    return organization
