"""What search engines and link previews read about a public offer: schema.org JobPosting and a plain summary.

Plain dicts only; the page serializes them (see jobboard/templatetags/structured_data.py).
"""

import re

from django.utils.text import Truncator

from companies.structured_data import hiring_organization
from plumbing.posting_html import description_html, description_text

from .models import Offer

SUMMARY_MAX_CHARS = 200

EMPLOYMENT_TYPES = {
    "FULL-TIME": "FULL_TIME",
    "PART-TIME": "PART_TIME",
    "SUMMER INTERNSHIP": "INTERN",
    "CURRICULAR INTERNSHIP": "INTERN",
    "RESEARCH GRANT": "OTHER",
    "OTHER": "OTHER",
}

_REMOTE = re.compile(r"\bremote\b", re.IGNORECASE)


def offer_summary(offer: Offer) -> str:
    """The description (sanitized HTML) as one plain line for <meta name="description"> and og:description."""
    text = description_text(offer.description) or f"{offer.title} at {offer.company.name}"
    return Truncator(text).chars(SUMMARY_MAX_CHARS)


def _location(text: str) -> dict:
    """The free-text location as JobPosting properties.

    Offers carry one string, usually "City, Country" ("Porto, Portugal"); a middle part reads as the region.
    "Remote" (alone or with a country: "Remote, Portugal") is a TELECOMMUTE job.
    """
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if _REMOTE.search(text):
        places = [part for part in parts if not _REMOTE.fullmatch(part)]
        data: dict[str, object] = {"jobLocationType": "TELECOMMUTE"}
        if places:
            data["applicantLocationRequirements"] = {"@type": "Country", "name": places[-1]}
        return data
    if not parts:
        return {}
    address = {"@type": "PostalAddress", "addressLocality": parts[0]}
    if len(parts) >= 3:
        address["addressRegion"] = ", ".join(parts[1:-1])
    if len(parts) >= 2:
        address["addressCountry"] = parts[-1]
    return {"jobLocation": [{"@type": "Place", "address": address}]}


def offer_posting(offer: Offer, *, url: str, company_url: str) -> dict:
    """JobPosting for a publicly visible offer."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        # Sanitized HTML, which is what Google takes for a description: the page's own copy (plumbing/posting_html.py),
        # cleaned again with today's policy, so an image stored under an older one is not in it.
        "description": description_html(offer.description),
        "identifier": {"@type": "PropertyValue", "name": offer.company.name, "value": str(offer.pk)},
        "url": url,
        "datePosted": offer.publish_date.isoformat(),
        "validThrough": offer.publish_end_date.isoformat(),
        "hiringOrganization": hiring_organization(offer.company, url=company_url),
        # Candidates apply elsewhere: at the offer's applyURL, by email, or through its contacts.
        "directApply": False,
        **_location(offer.location),
    }
    if offer.job_type in EMPLOYMENT_TYPES:
        data["employmentType"] = EMPLOYMENT_TYPES[offer.job_type]
    if offer.job_start_date:
        data["jobStartDate"] = offer.job_start_date.date().isoformat()
    if offer.vacancies:
        data["totalJobOpenings"] = offer.vacancies
    return data
