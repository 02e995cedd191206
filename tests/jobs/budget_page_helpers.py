"""What the tests of budgets on the dashboard share: a fixed instant, published jobs, and qualified applications."""

import html
from datetime import UTC, datetime

from django.utils.html import strip_tags

from jobs.models import Job
from jobs.services.applications import application_submit

# A Wednesday morning (UTC): the day resets Thu 3 Dec 00:00, the week Mon 7 Dec, the month Tue 1 Dec... 1 Jan.
WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def apply_qualified(job: Job, count: int, *, start: int = 0) -> None:
    """`count` qualified applications to the job, each billed its bid while its budgets allow."""
    python = job.qualifications.get(text="Python")
    for i in range(start, start + count):
        email = f"c{i}@x.example"
        application_submit(
            job_id=job.pk, candidate_name=f"C{i}", email=email, answers={}, met_qualification_ids=[python.pk]
        )


def publish(create_job, title: str, budgets=()) -> Job:
    """Publishes a job through the partner API (tests/conftest.py's create_job): bid $5.00, no budget of its own
    unless given."""
    return Job.objects.get(pk=create_job(title=title, publish=True, budgets=list(budgets))["id"])


def words(response) -> str:
    """The page's text as a person reads it: no tags, entities unescaped, runs of whitespace as one space."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())
