"""Job rules as pure functions returning {api field name: message}; shared by API, forms and services."""

from collections.abc import Iterable, Mapping

from .models import QualificationKind, RemoteOption

PICK_LOCATION_MESSAGE = "Pick each location from the search suggestions."


def salary_range_errors(salary_min: int | None, salary_max: int | None) -> dict[str, str]:
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        return {"salaryMax": "Must be greater than or equal to salaryMin."}
    return {}


def completeness_errors(job: Mapping, *, location_count: int, qualification_kinds: Iterable[str]) -> dict[str, str]:
    """What a job lacks to go (or stay) live, every gap at once.

    `job` maps model field names to values (a Job's __dict__ works, or a merged edit).
    """
    errors: dict[str, str] = {}
    missing = "Required to publish."
    if not (job.get("title") or "").strip():
        errors["title"] = missing
    if not (job.get("description") or "").strip():
        errors["description"] = missing
    remote_option = job.get("remote_option")
    if not remote_option:
        errors["remoteOption"] = missing
    elif remote_option == RemoteOption.REMOTE:
        if not job.get("remote_country"):
            errors["remoteCountry"] = "Required to publish a REMOTE job."
    elif location_count == 0:
        errors["locations"] = f"At least one location is required to publish a {remote_option} job."
    if not job.get("job_type"):
        errors["jobType"] = missing
    if not job.get("job_level"):
        errors["jobLevel"] = missing
    for field, name in (("salary_min", "salaryMin"), ("salary_max", "salaryMax"), ("salary_period", "salaryPeriod")):
        if job.get(field) in (None, ""):
            errors[name] = missing
    errors.update(salary_range_errors(job.get("salary_min"), job.get("salary_max")))
    bid = job.get("bid_per_qualified_applicant_cents")
    if not bid or bid <= 0:
        errors["bidPerQualifiedApplicantCents"] = "Must be greater than 0 to publish."
    if QualificationKind.REQUIRED not in set(qualification_kinds):
        errors["qualifications"] = "At least one REQUIRED qualification is required to publish."
    return errors
