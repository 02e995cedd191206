"""The end sweep: offers past publishEndDate get endedAt, in batches, announced to watching companies."""

import json
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from companies.models import WebhookEndpoint

from ..models import Offer
from .shared import announce_hidden

# The hiddenReason of offer.hidden when the sweep ends an offer (not a HiddenReason: nobody hid it).
ENDED = "ENDED"

# Rows one sweep transaction changes: locks are held for one batch, never for the whole sweep.
SWEEP_BATCH = 10_000


def _end_due_offers_batch_returning_watched(now: datetime, batch: int) -> tuple[int, list[tuple[int, int]]]:
    """PostgreSQL: one UPDATE of at most `batch` due offers that also answers how many rows it changed and which
    of them left the board (not hidden, not archived) for companies with an active webhook endpoint: (offer id,
    company id). SKIP LOCKED: an offer being edited is left for the next batch, and overlapping sweeps split
    the rows instead of waiting on each other."""
    table = Offer._meta.db_table
    endpoints = WebhookEndpoint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH due AS (
                SELECT id FROM {table} WHERE publish_end_date <= %s AND ended_at IS NULL
                LIMIT %s FOR UPDATE SKIP LOCKED
            ), ended AS (
                UPDATE {table} AS offer SET ended_at = %s FROM due WHERE offer.id = due.id
                RETURNING offer.id, offer.company_id, offer.is_hidden, offer.is_archived
            )
            SELECT
                (SELECT count(*) FROM ended),
                (SELECT coalesce(json_agg(json_build_array(id, company_id)), '[]') FROM ended
                 WHERE NOT is_hidden AND NOT is_archived
                 AND company_id IN (SELECT company_id FROM {endpoints} WHERE is_active))
            """,
            [now, batch, now],
        )
        rows, watched = cursor.fetchone()
    if isinstance(watched, str):
        watched = json.loads(watched)
    return rows, [tuple(change) for change in watched]


def offers_end_due(*, now: datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """Offers past publishEndDate get endedAt, in transactions of at most `batch` offers. Never touches isHidden.
    Offers that were on the board are announced as offer.hidden (ENDED) to companies with a webhook endpoint,
    in the transaction that ended them."""
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        # Other databases (SQLite in development) write one transaction at a time: read, then update, at once.
        with transaction.atomic():
            due = Offer.objects.due_to_end(now=now)
            watching = WebhookEndpoint.objects.filter(is_active=True).values("company_id")
            watched = list(
                due.filter(company_id__in=watching, is_hidden=False, is_archived=False).values_list("pk", "company_id")
            )
            rows = due.update(ended_at=now)
            announce_hidden(watched, reason=ENDED, now=now)
        return rows
    total = 0
    while True:
        # No savepoint: a batch never recovers from an error halfway; the ones committed before stay done.
        with transaction.atomic(savepoint=False):
            rows, watched = _end_due_offers_batch_returning_watched(now, batch)
            announce_hidden(watched, reason=ENDED, now=now)
        total += rows
        if rows < batch:
            return total
