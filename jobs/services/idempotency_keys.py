"""The partner API's Idempotency-Key rows: claiming a key, storing its answer, giving it back, purging old ones."""

from datetime import datetime

from django.db import IntegrityError, transaction

from companies.models import Company

from .. import exceptions as exc
from ..choices import IdempotencyState
from ..idempotency import ABANDONED_AFTER, KEY_LIFETIME, Claim, StoredResponse, request_differences, reused_message
from ..models import IdempotencyKey


def _idempotency_row_locked(*, company: Company, key: str) -> IdempotencyKey | None:
    # Locked so that two retries of a stale key cannot both replace it: the second waits, then finds it gone.
    return IdempotencyKey.objects.select_for_update().filter(company=company, key=key).first()


def _idempotency_row_stale(row: IdempotencyKey, now: datetime) -> bool:
    """Past its 24 hours, or claimed by a request whose process died: the key counts as unused."""
    if row.created_at <= now - KEY_LIFETIME:
        return True
    return row.state == IdempotencyState.IN_PROGRESS and row.created_at <= now - ABANDONED_AFTER


def idempotency_key_claim(
    *, company: Company, key: str, method: str, path: str, body_hash: str, now: datetime
) -> Claim | StoredResponse:
    """Claims the key for this request, or answers why it may not run.

    Its own transaction, committed before the view runs, so that a racing retry sees the claim (the unique
    constraint lets exactly one INSERT through). Returns a Claim (run the request, then idempotency_key_finish)
    or the StoredResponse to replay; raises IdempotencyKeyReused or IdempotencyInProgress."""
    with transaction.atomic():
        row = _idempotency_row_locked(company=company, key=key)
        if row is not None and _idempotency_row_stale(row, now):
            row.delete()
            row = None
        if row is None:
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        company=company, key=key, method=method, path=path, body_hash=body_hash, created_at=now
                    )
                return Claim(pk=row.pk)
            except IntegrityError:
                # A racing request inserted the key after our read: judge its row like any other.
                row = _idempotency_row_locked(company=company, key=key)
                if row is None:  # and it has already given the key back: it was running a moment ago
                    raise exc.IdempotencyInProgress() from None
        differences = request_differences(first=(row.method, row.path, row.body_hash), retry=(method, path, body_hash))
        if differences:
            raise exc.IdempotencyKeyReused(reused_message(differences))
        if row.state == IdempotencyState.IN_PROGRESS:
            raise exc.IdempotencyInProgress()
        # A DONE row always holds its answer (idempotency_key_finish stores both at once).
        assert row.response_status is not None
        return StoredResponse(status=row.response_status, body=row.response_body)


def idempotency_key_finish(*, claim: Claim, status: int, body: str) -> None:
    """Stores the answer for replays; a 5xx or 429 is not an answer to keep, so the key is given back and a retry
    runs again. Conditional on the claim still being in progress: a claim reclaimed as abandoned is not ours."""
    if status >= 500 or status == 429:
        IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).delete()
        return
    IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).update(
        state=IdempotencyState.DONE, response_status=status, response_body=body
    )


def idempotency_key_release(*, claim: Claim) -> None:
    """The request failed before it had an answer: give the key back so a retry runs."""
    IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyState.IN_PROGRESS).delete()


IDEMPOTENCY_PURGE_BATCH = 1000


def idempotency_keys_purge(*, now: datetime, batch_size: int = IDEMPOTENCY_PURGE_BATCH) -> int:
    """Deletes keys past their 24 hours, in batches of bounded size (each its own short statement, autocommit),
    so a large backlog never holds long locks. Returns how many rows went."""
    cutoff = now - KEY_LIFETIME
    purged = 0
    while True:
        batch = list(IdempotencyKey.objects.filter(created_at__lte=cutoff).values_list("pk", flat=True)[:batch_size])
        if not batch:
            return purged
        purged += IdempotencyKey.objects.filter(pk__in=batch, created_at__lte=cutoff).delete()[0]
        if len(batch) < batch_size:
            return purged
