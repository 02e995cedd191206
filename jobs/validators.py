"""Job rules as pure functions returning {model field: message}; shared by the partner API, the dashboard
forms and the services.

Keys are model field names (`salary_max`, `bid_per_qualified_applicant_cents`), with `[i]` for one item of
a set (`locations[2]`, `budgets[1].window`). Each caller maps them to its own vocabulary: the partner API
to camelCase names (jobs/api/serializers.api_field), the dashboard forms to their fields. Rules that need
stored data take it as arguments, so the functions stay pure and callers decide how to fetch it.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

# The range of daily figures (the stats API, the dashboard's charts) is one rule for jobs and offers alike.
from plumbing.day_ranges import STATS_DEFAULT_DAYS as STATS_DEFAULT_DAYS
from plumbing.day_ranges import STATS_MAX_DAYS as STATS_MAX_DAYS
from plumbing.day_ranges import stats_range as stats_range
from plumbing.input_rules import UNREADABLE_TEXT_MESSAGE, has_unpaired_surrogate

from .choices import LIVE_STATUSES, JobStatus, QualificationKind, RemoteOption

# The largest amount of cents (and of salary units) any field takes: well inside the integer columns.
MAX_CENTS = 2_000_000_000
# How many locations, qualifications, questions or answer options a job may carry, and an option's length.
MAX_ITEMS = 50
OPTION_MAX = 200
# The longest text each field takes, by model field (the description counts raw characters, markup included),
# and the longest text of one item of a set: a qualification's text, a question's prompt, a budget's notes.
TEXT_MAX = {"title": 200, "description": 20_000, "remote_country": 100}
ITEM_TEXT_MAX = 500
_ITEM_TEXT_FIELDS = (("qualifications", "text"), ("questions", "prompt"), ("budgets", "notes"))
PICK_LOCATION_MESSAGE = "Pick each location from the search suggestions."
UNKNOWN_COUNTRY_MESSAGE = "Must be a full country name as returned by location search."
DUPLICATE_WINDOW_MESSAGE = "Only one budget per window."
SALARY_RANGE_MESSAGE = "Must be greater than or equal to the minimum salary."
REQUIRED_TO_PUBLISH = "Required to publish."

# The scalar fields an edit may set, and the replace-sets that travel with a job.
SCALAR_FIELDS = (
    "title",
    "description",
    "remote_option",
    "remote_country",
    "job_type",
    "job_level",
    "salary_min",
    "salary_max",
    "salary_period",
    "bid_per_qualified_applicant_cents",
)
SET_FIELDS = ("locations", "qualifications", "questions", "budgets")
FROZEN_SETS = ("qualifications", "questions")

# Which statuses each action may leave, and where it goes: the one table of legal transitions.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "publish": ((JobStatus.DRAFT,), JobStatus.ACTIVE),
    "pause": ((JobStatus.ACTIVE,), JobStatus.PAUSED),
    "resume": ((JobStatus.PAUSED,), JobStatus.ACTIVE),
    "close": (LIVE_STATUSES, JobStatus.CLOSED),
}


def actions_for(status: str) -> tuple[str, ...]:
    """The transitions a job in `status` (as a reader sees it: Job.status_at) may take, in TRANSITIONS order."""
    return tuple(action for action, (sources, _) in TRANSITIONS.items() if status in sources)


def job_is_editable(status: str) -> bool:
    """Closed and expired jobs are over, so nothing of theirs changes; `status` as a reader sees it."""
    return status not in (JobStatus.CLOSED, JobStatus.EXPIRED)


def job_is_frozen(*, application_count: int) -> bool:
    """Once a job has any application, its qualifications and questions stay as candidates answered them:
    each application was judged qualified against them."""
    return application_count > 0


def _text_error(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    if has_unpaired_surrogate(value):
        return UNREADABLE_TEXT_MESSAGE
    if len(value) > limit:
        return f"At most {limit} characters."
    return None


def text_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """Every text a job carries is storable (no unpaired surrogate) and within its length, sets included.

    `data` is the service's input shape: model fields, sets as lists of dicts (`questions[2].prompt`)."""
    errors: dict[str, str] = {}
    for field, limit in TEXT_MAX.items():
        error = _text_error(data.get(field), limit)
        if error:
            errors[field] = error
    for set_name, key in _ITEM_TEXT_FIELDS:
        for i, item in enumerate(data.get(set_name) or []):
            error = _text_error(item.get(key), ITEM_TEXT_MAX)
            if error:
                errors[f"{set_name}[{i}].{key}"] = error
    for i, question in enumerate(data.get("questions") or []):
        options = question.get("options") or []
        if any(isinstance(option, str) and has_unpaired_surrogate(option) for option in options):
            errors[f"questions[{i}].options"] = UNREADABLE_TEXT_MESSAGE
    return errors


# What a candidate may send with an application: the model's columns for name and email, and a bound on each
# free-text answer (an answer is stored, shown to staff and exported, so it must stay readable).
APPLICATION_TEXT_MAX = {"candidate_name": 200, "email": 254}
ANSWER_MAX = 5000


def application_errors(*, candidate_name: str, email: str, answers: Mapping[str, str]) -> dict[str, str]:
    """Each text of an application is storable and within its length; answers keyed `answers[<question id>]`."""
    errors: dict[str, str] = {}
    for field, value in (("candidate_name", candidate_name), ("email", email)):
        error = _text_error(value, APPLICATION_TEXT_MAX[field])
        if error:
            errors[field] = error
    for question_id, answer in answers.items():
        error = _text_error(answer, ANSWER_MAX)
        if error:
            errors[f"answers[{question_id}]"] = error
    return errors


def salary_range_errors(salary_min: int | None, salary_max: int | None) -> dict[str, str]:
    """salaryMin ≤ salaryMax, judged on the values the job will hold (sent or stored)."""
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        return {"salary_max": SALARY_RANGE_MESSAGE}
    return {}


def remote_country_errors(remote_country: str | None, *, known_countries: Collection[str]) -> dict[str, str]:
    """A remote country is a full country name that location search knows ("United States", not "US")."""
    if remote_country is not None and remote_country not in known_countries:
        return {"remote_country": UNKNOWN_COUNTRY_MESSAGE}
    return {}


def location_errors(location_ids: Sequence[int], *, known_ids: Collection[int]) -> dict[str, str]:
    """At most MAX_ITEMS places, each from location search: one error per unknown entry, by position."""
    if len(location_ids) > MAX_ITEMS:
        return {"locations": f"At most {MAX_ITEMS} locations."}
    return {f"locations[{i}]": PICK_LOCATION_MESSAGE for i, pk in enumerate(location_ids) if pk not in known_ids}


# Location.id holds GeoNames ids in an integer column.
LOCATION_ID_MAX = 2**31 - 1


def storable_location_ids(location_ids: Iterable[int]) -> list[int]:
    """The ids a Location row could have (its id is an integer column): any other names no place, and is kept
    from the database, where SQLite overflows past 2**63 and PostgreSQL refuses it for the column."""
    return [pk for pk in location_ids if 0 < pk <= LOCATION_ID_MAX]


def question_options_errors(options: Sequence[str]) -> dict[str, str]:
    """A question offers at most MAX_ITEMS answers of at most OPTION_MAX characters (none: free text)."""
    if len(options) > MAX_ITEMS:
        return {"options": f"At most {MAX_ITEMS} options."}
    if any(len(option) > OPTION_MAX for option in options):
        return {"options": f"Each option can be at most {OPTION_MAX} characters."}
    return {}


def unique_locations(location_ids: Iterable[int]) -> list[int]:
    """Duplicates collapse, first position kept."""
    return list(dict.fromkeys(location_ids))


def budget_window_errors(windows: Sequence[str]) -> dict[str, str]:
    """One budget per window; the second of a pair is the one named."""
    seen: set[str] = set()
    for i, window in enumerate(windows):
        if window in seen:
            return {f"budgets[{i}].window": DUPLICATE_WINDOW_MESSAGE}
        seen.add(window)
    return {}


def completeness_errors(
    job: Mapping[str, Any], *, location_count: int, qualification_kinds: Iterable[str]
) -> dict[str, str]:
    """What a job lacks to go (or stay) live, every gap at once.

    `job` maps model field names to values (a Job's __dict__ works, or a merged edit).
    """
    errors: dict[str, str] = {}
    if not (job.get("title") or "").strip():
        errors["title"] = REQUIRED_TO_PUBLISH
    if not (job.get("description") or "").strip():
        errors["description"] = REQUIRED_TO_PUBLISH
    remote_option = job.get("remote_option")
    if not remote_option:
        errors["remote_option"] = REQUIRED_TO_PUBLISH
    elif remote_option == RemoteOption.REMOTE:
        if not job.get("remote_country"):
            errors["remote_country"] = "Required to publish a REMOTE job."
    elif location_count == 0:
        errors["locations"] = f"At least one location is required to publish a {remote_option} job."
    for field in ("job_type", "job_level", "salary_min", "salary_max", "salary_period"):
        if job.get(field) in (None, ""):
            errors[field] = REQUIRED_TO_PUBLISH
    errors.update(salary_range_errors(job.get("salary_min"), job.get("salary_max")))
    bid = job.get("bid_per_qualified_applicant_cents")
    if not bid or bid <= 0:
        errors["bid_per_qualified_applicant_cents"] = "Must be greater than 0 to publish."
    if QualificationKind.REQUIRED not in set(qualification_kinds):
        errors["qualifications"] = "At least one REQUIRED qualification is required to publish."
    return errors
