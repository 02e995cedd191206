"""What search engines and link previews read about a public job: schema.org JobPosting and a plain summary.

Plain dicts only; the page serializes them (see jobboard/templatetags/structured_data.py). Google's JobPosting
guide names the properties: title, description, datePosted, validThrough, employmentType, hiringOrganization,
jobLocation or jobLocationType TELECOMMUTE with applicantLocationRequirements, baseSalary, directApply, identifier.
"""

from django.utils.text import Truncator

from companies.structured_data import hiring_organization
from plumbing.posting_html import description_html, description_text

from .choices import JobType, RemoteOption, SalaryPeriod
from .models import Job

SUMMARY_MAX_CHARS = 200

EMPLOYMENT_TYPES: dict[str, str] = {
    JobType.FULL_TIME: "FULL_TIME",
    JobType.PART_TIME: "PART_TIME",
    JobType.CONTRACT: "CONTRACTOR",
    JobType.INTERNSHIP: "INTERN",
}

SALARY_UNITS: dict[str, str] = {SalaryPeriod.ANNUAL: "YEAR", SalaryPeriod.HOURLY: "HOUR"}


def job_summary(job: Job) -> str:
    """The description as one plain line for <meta name="description"> and og:description."""
    text = description_text(job.description) or f"{job.title} at {job.company.name}"
    return Truncator(text).chars(SUMMARY_MAX_CHARS)


def _postal_address(location) -> dict:
    address = {"@type": "PostalAddress", "addressLocality": location.city, "addressCountry": location.country_code}
    region = location.state_code or location.state_province
    if region:
        address["addressRegion"] = region
    return address


def _salary(job: Job) -> dict | None:
    if job.salary_min is None and job.salary_max is None:
        return None
    value: dict[str, str | int] = {"@type": "QuantitativeValue"}
    if job.salary_min is not None:
        value["minValue"] = job.salary_min
    if job.salary_max is not None:
        value["maxValue"] = job.salary_max
    if job.salary_period in SALARY_UNITS:
        value["unitText"] = SALARY_UNITS[job.salary_period]
    # Salaries are entered in US dollars (the dashboard and the partner API take dollars).
    return {"@type": "MonetaryAmount", "currency": "USD", "value": value}


def job_posting(job: Job, *, locations, url: str, company_url: str) -> dict:
    """JobPosting for a publicly visible job; `locations` are its Location rows in the job's order."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        # Google takes the description as HTML: the page's own (plumbing/posting_html.py), paragraphs kept.
        "description": description_html(job.description),
        "identifier": {"@type": "PropertyValue", "name": job.company.name, "value": str(job.pk)},
        "url": url,
        "hiringOrganization": hiring_organization(job.company, url=company_url),
        # Candidates apply on this site, through the job's own form.
        "directApply": True,
    }
    if job.published_at:
        data["datePosted"] = job.published_at.isoformat()
    if job.expires_at:
        data["validThrough"] = job.expires_at.isoformat()
    if job.job_type in EMPLOYMENT_TYPES:
        data["employmentType"] = EMPLOYMENT_TYPES[job.job_type]
    if job.remote_option == RemoteOption.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        if job.remote_country:
            data["applicantLocationRequirements"] = {"@type": "Country", "name": job.remote_country}
    if locations:
        data["jobLocation"] = [{"@type": "Place", "address": _postal_address(location)} for location in locations]
    salary = _salary(job)
    if salary:
        data["baseSalary"] = salary
    return data
