"""Two sweeps running at once change each due job exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_create
from jobboard.tasks import expire_jobs
from jobs.choices import JobStatus
from jobs.models import Job
from tests.helpers import run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_overlapping_sweeps_are_safe():
    company = company_create(name="Overlap")
    now = timezone.now()
    Job.objects.bulk_create(
        Job(
            company=company,
            title=f"Due {i}",
            status=JobStatus.ACTIVE,
            published_at=now - timedelta(days=31),
            expires_at=now - timedelta(seconds=1),
        )
        for i in range(3000)
    )
    changed = run_in_parallel([expire_jobs, expire_jobs])
    assert sum(changed) == 3000
    assert Job.objects.filter(status=JobStatus.EXPIRED).count() == 3000
