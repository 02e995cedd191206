"""Writes that span apps: they live here, above jobs and offers, so each app keeps its own imports. Saved-search
alerts too: they are board searches, which compose jobs and offers."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from companies import services as company_services
from companies.exceptions import ValidationFailed
from companies.models import Company
from jobs.models import Job
from jobs.search_index import jobs_refresh_search_vectors
from offers.models import Offer
from offers.search_index import offers_refresh_search_vectors
from plumbing.mail import absolute_url, mail_render
from plumbing.services import mail_queue

from . import alert_links
from .board import Posting
from .feeds import posting_facts
from .models import AlertFrequency, SearchAlert
from .selectors import AlertMatches, AlertReader, AlertSearch, alert_query, alert_search
from .validators import alert_cap_errors, alert_email_normalised, alert_errors

logger = logging.getLogger(__name__)

# An unconfirmed alert is deleted after this; its confirmation link stops working at the same moment.
CONFIRM_WITHIN = timedelta(days=7)
PERIODS = {AlertFrequency.DAILY: timedelta(days=1), AlertFrequency.WEEKLY: timedelta(days=7)}
# Due alerts claimed (and locked) per transaction: a run holds at most this many, and memory holds one batch.
ALERT_BATCH = 200


@transaction.atomic
def company_profile_update(*, company: Company, name: str, logo_url: str, bio: str, contacts: list[str]) -> Company:
    """Saves the public profile; a rename refreshes the search documents of every job and offer of the company,
    in the same transaction, so search finds postings by the new name the moment it is saved."""
    old_name = company.name
    company = company_services.company_update_profile(
        company=company, name=name, logo_url=logo_url, bio=bio, contacts=contacts
    )
    if company.name != old_name:
        company_search_refresh(company=company)
    return company


def company_search_refresh(*, company: Company) -> None:
    jobs_refresh_search_vectors(jobs=Job.objects.filter(company=company))
    offers_refresh_search_vectors(offers=Offer.objects.filter(company=company))


# --- Saved-search alerts ---------------------------------------------------------------------------------------


def _lock_address(email: str) -> None:
    """Serialises subscriptions of one address until the transaction ends: the cap counts rows, and two
    concurrent sign-ups could each count 9 and both insert a 10th. No row exists to lock for a new address, so
    PostgreSQL takes a transaction-scoped advisory lock on the address (SQLite runs one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7307))", [email])


def _confirmation_mail(*, alert: SearchAlert, token: str, now: datetime) -> None:
    search = alert_search(alert.query)
    context = {
        "search": search,
        "frequency": alert.get_frequency_display().lower(),
        "confirm_url": alert_links.confirm_url(token),
        "board_url": alert_links.board_url(alert.query),
        "confirm_days": CONFIRM_WITHIN.days,
    }
    subject = f"Confirm your alert for {_search_title(search)}"
    mail_queue(mail=mail_render(kind="search_alert_confirm", to=alert.email, subject=subject, context=context), now=now)


def _search_title(search: AlertSearch) -> str:
    return f"{search.noun} matching “{search.words}”" if search.words else f"new {search.noun}"


@transaction.atomic
def search_alert_subscribe(*, email: str, frequency: str, params: Mapping[str, Any], now: datetime) -> SearchAlert:
    """Saves the board search in `params` for `email` unconfirmed and records its confirmation mail, in one
    transaction. The same search again for the address, while unconfirmed, gets a new confirmation link (the old
    one stops working); while confirmed, nothing changes and no mail goes out (the page says the same either way,
    so it never tells a visitor which searches an address follows). Raises ValidationFailed."""
    query = alert_query(params)
    email = alert_email_normalised(email)
    errors = alert_errors(email=email, frequency=frequency, query=query)
    if errors:
        raise ValidationFailed(errors)
    _lock_address(email)
    existing = SearchAlert.objects.filter(email=email, query=query, unsubscribed_at__isnull=True).first()
    if existing is not None and existing.confirmed_at is not None:
        return existing
    token, token_hash = alert_links.confirm_token_new()
    if existing is not None:
        existing.confirm_token_hash, existing.frequency, existing.created_at = token_hash, frequency, now
        existing.save(update_fields=["confirm_token_hash", "frequency", "created_at"])
        alert = existing
    else:
        # Confirmed alerts only: alerts someone else started for this address, never confirmed, must not lock its
        # owner out (they lapse after CONFIRM_WITHIN; the sign-up rate limit bounds how many there can be).
        active = SearchAlert.objects.filter(email=email, unsubscribed_at__isnull=True, confirmed_at__isnull=False)
        errors = alert_cap_errors(active.count())
        if errors:
            raise ValidationFailed(errors)
        alert = SearchAlert.objects.create(
            email=email, query=query, frequency=frequency, created_at=now, confirm_token_hash=token_hash
        )
    _confirmation_mail(alert=alert, token=token, now=now)
    return alert


def search_alert_for_link(*, token: str, now: datetime) -> SearchAlert | None:
    """The alert a confirmation link names, confirmed or not; None for an unknown link, or one never confirmed
    within CONFIRM_WITHIN."""
    alert = SearchAlert.objects.filter(confirm_token_hash=alert_links.confirm_token_hash(token)).first()
    if alert is None or (alert.confirmed_at is None and alert.created_at <= now - CONFIRM_WITHIN):
        return None
    return alert


def search_alert_confirm(*, token: str, now: datetime) -> SearchAlert | None:
    """Confirms the alert of a confirmation link (autocommit, one conditional UPDATE): it is due at once and its
    first digest covers what becomes visible from now. A second click matches no row and changes nothing. None for
    an unknown link or one older than CONFIRM_WITHIN."""
    token_hash = alert_links.confirm_token_hash(token)
    SearchAlert.objects.filter(
        confirm_token_hash=token_hash,
        confirmed_at__isnull=True,
        unsubscribed_at__isnull=True,
        created_at__gt=now - CONFIRM_WITHIN,
    ).update(confirmed_at=now, due_at=now, covered_until=now)
    alert = SearchAlert.objects.filter(confirm_token_hash=token_hash).first()
    if alert is None or alert.confirmed_at is None:
        return None
    return alert


def search_alert_unsubscribe(*, alert_id: int, now: datetime, email: str | None = None) -> bool:
    """Ends an alert (autocommit, one conditional UPDATE): it sends nothing more and leaves the manage page.
    With `email`, only an alert of that address (the manage page's delete). False when there was nothing to end;
    a digest run holding the alert's row finishes its digest first (the UPDATE waits for its lock)."""
    alerts = SearchAlert.objects.filter(pk=alert_id, unsubscribed_at__isnull=True)
    if email is not None:
        alerts = alerts.filter(email=email)
    return bool(alerts.update(unsubscribed_at=now, due_at=None))


@dataclass(frozen=True)
class AlertUnsubscribe:
    """What an alert's unsubscribe link turns off, for the site's one unsubscribe page."""

    alert_id: int
    email: str
    label: str
    is_off: bool
    for_staff: bool = False


def search_alert_unsubscribe_target(*, payload: Mapping[str, Any]) -> AlertUnsubscribe | None:
    """The alert an unsubscribe token's payload names, or None when it names none (any more)."""
    alert_id = payload.get("alert")
    alert = SearchAlert.objects.filter(pk=alert_id).first() if isinstance(alert_id, int) else None
    if alert is None:
        return None
    search = alert_search(alert.query)
    words = f" matching “{search.words}”" if search.words else ""
    filters = f" ({'; '.join(search.filters)})" if search.filters else ""
    label = f"new {search.noun}{words}{filters}, {alert.get_frequency_display().lower()}"
    return AlertUnsubscribe(alert_id=alert.pk, email=alert.email, label=label, is_off=alert.unsubscribed_at is not None)


def search_alert_unsubscribe_by_link(*, payload: Mapping[str, Any]) -> AlertUnsubscribe | None:
    """The one-click unsubscribe of a digest (idempotent); None when the token names no alert."""
    target = search_alert_unsubscribe_target(payload=payload)
    if target is None:
        return None
    search_alert_unsubscribe(alert_id=target.alert_id, now=timezone.now())
    return replace(target, is_off=True)


def search_alerts_purge_unconfirmed(*, now: datetime) -> int:
    """Deletes alerts never confirmed within CONFIRM_WITHIN (autocommit, one DELETE by its partial index)."""
    deleted, _ = SearchAlert.objects.filter(confirmed_at__isnull=True, created_at__lte=now - CONFIRM_WITHIN).delete()
    return deleted


@dataclass
class AlertRun:
    alerts: int = 0  # due alerts handled (their period consumed)
    digests: int = 0  # mails queued


def _digest_posting(posting: Posting) -> dict[str, Any]:
    item = posting.item
    path = reverse("job-detail" if posting.is_job else "offer-detail", args=[item.pk])
    return {
        "title": item.title,
        "company": item.company.name,
        "facts": " · ".join(posting_facts(posting)),
        "url": absolute_url(path),
    }


def _digest_mail(*, alert: SearchAlert, matches: AlertMatches, now: datetime) -> None:
    search = alert_search(alert.query)
    count = len(matches.postings)
    postings = f"{count}{'+' if matches.more else ''} new {search.noun if count > 1 else search.noun[:-1]}"
    subject = f"{postings} matching “{search.words}”" if search.words else postings
    context = {
        "search": search,
        "postings": [_digest_posting(posting) for posting in matches.postings],
        "more": matches.more,
        "board_url": alert_links.board_url(alert.query),
        "manage_url": alert_links.manage_url(alert.email),
        "frequency": alert.get_frequency_display().lower(),
    }
    mail = mail_render(
        kind="search_alert_digest",
        to=alert.email,
        subject=subject,
        context=context,
        unsubscribe_url=alert_links.unsubscribe_url(alert.pk),
    )
    mail_queue(mail=mail, now=now)


def search_alerts_send_due(*, now: datetime, batch_size: int = ALERT_BATCH) -> AlertRun:
    """Records one digest for each alert due at `now` (confirmed, its period since the last digest over): the
    postings matching its search that became visible after its watermark, newest first, at most DIGEST_SIZE. No
    match, no mail; either way the watermark moves to `now` and the alert is due again one period later.

    One transaction per batch of alerts, claimed in due order: the mails are recorded in the transaction that
    moves the alerts' period on, so a digest is sent exactly when its period is consumed, and a crash mid-batch
    rolls back both. Alerts are read a batch at a time (memory holds one batch, never all alerts)."""
    run = AlertRun()
    reader = AlertReader(now=now)
    while True:
        with transaction.atomic():
            # FOR UPDATE SKIP LOCKED: an overlapping run (the next hour's beat while this one is still going, or
            # the command run by hand) skips the alerts this one holds instead of waiting for them, and once this
            # transaction commits they are due only next period, so no alert gets two digests in one period.
            batch = list(
                SearchAlert.objects.filter(due_at__lte=now)
                .order_by("due_at", "pk")
                .select_for_update(skip_locked=True)[:batch_size]
            )
            if not batch:
                return run
            sent: list[int] = []
            for alert in batch:
                since = alert.covered_until or alert.confirmed_at or now
                matches = reader.matches(query=alert.query, since=since)
                if matches.postings:
                    _digest_mail(alert=alert, matches=matches, now=now)
                    sent.append(alert.pk)
            for frequency, period in PERIODS.items():
                ids = [alert.pk for alert in batch if alert.frequency == frequency]
                if ids:
                    SearchAlert.objects.filter(pk__in=ids).update(due_at=now + period, covered_until=now)
            if sent:
                SearchAlert.objects.filter(pk__in=sent).update(last_sent_at=now)
            run.alerts += len(batch)
            run.digests += len(sent)
