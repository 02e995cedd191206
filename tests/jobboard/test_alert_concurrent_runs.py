"""Two digest runs at once on PostgreSQL (real threads, own connections) send each due alert's digest once: each
claims its batches with FOR UPDATE SKIP LOCKED, and a claimed alert is due only next period once committed."""

import pytest
from django.db import connection
from django.utils import timezone

from jobboard.models import SearchAlert
from jobboard.services import search_alerts_send_due
from tests.helpers import run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)

ALERTS = 40


def test_two_concurrent_runs_send_each_due_digest_once(mailbox, create_job):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    confirmed = timezone.now()
    SearchAlert.objects.bulk_create(
        SearchAlert(
            email=f"person{n}@alerts.example",
            query="q=python",
            created_at=confirmed,
            confirm_token_hash=f"{n:064}",
            confirmed_at=confirmed,
            due_at=confirmed,
            covered_until=confirmed,
        )
        for n in range(ALERTS)
    )
    create_job(publish=True, title="Python Engineer")
    now = timezone.now()

    runs = run_in_parallel([lambda: search_alerts_send_due(now=now, batch_size=3)] * 2)

    assert sum(run.alerts for run in runs) == ALERTS and sum(run.digests for run in runs) == ALERTS
    mailbox.wait_for(ALERTS)
    assert sorted(m["To"] for m in mailbox.messages) == sorted(f"person{n}@alerts.example" for n in range(ALERTS))
    assert search_alerts_send_due(now=now).alerts == 0
