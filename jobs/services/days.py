"""Every write to JobDay: one job's figures per UTC day.

Views arrive through plumbing.counting (Redis, flushed every minute, or straight here without Redis). Applications,
decisions and charges are written by their own services, in their own transactions, with `job_day_add`: an upsert
that adds, so concurrent writers never lose a count."""

import uuid
from datetime import UTC, datetime

from plumbing.counting import Additions, daily_add

from ..models import JobDay

COUNTER_KIND = "job"


def job_days_add(additions: Additions) -> None:
    """Adds a batch {(job id, day): {field: n}} into JobDay, in the caller's transaction (the counting flush's)."""
    daily_add(model=JobDay, posting_field="job", additions=additions)


def job_day_add(*, job_id: uuid.UUID | str, now: datetime, **counts: int) -> None:
    """Adds `counts` (JobDay field names) to the job's UTC day of `now`, in the caller's transaction."""
    job_days_add({(str(job_id), now.astimezone(UTC).date()): counts})
