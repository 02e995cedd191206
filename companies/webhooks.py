"""Webhooks: a company's endpoints, the outbox of events they subscribed to, and signed delivery.

The services that cause an event (jobs, offers) call webhook_event_record inside their own transaction, so an
event exists exactly when its change committed; its deliveries are handed to Celery only after that commit.
A delivery is claimed by a conditional UPDATE (a short lease on next_attempt_at), POSTed outside any
transaction, then its outcome written in one short transaction. Delivery is at least once: a worker that dies
after the POST but before writing the outcome sends again later, and receivers deduplicate by event id.
"""

import hashlib
import hmac
import http.client
import io
import json
import logging
import random
import secrets
import socket
import ssl
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from plumbing.times import iso_z

from . import validators
from .exceptions import ValidationFailed
from .models import WEBHOOK_EVENT_TYPES, Company, DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Jobboard-Signature"
SECRET_PREFIX = "whsec_"
EVENT_ID_PREFIX = "evt_"
# A 2xx within this many seconds is a success; anything slower is a failed attempt. It bounds the whole attempt
# (connect, TLS, sending, the answer's status line, headers and body), not each socket read.
DELIVERY_TIMEOUT = 10.0
# Failed deliveries are retried for this long after the event (or after "send again").
RETRY_FOR = timedelta(hours=24)
# An endpoint with no successful delivery for this long is switched off and the company told why.
DISABLE_AFTER = timedelta(days=3)
# How long a claimed delivery is left to its worker before another may take it: well past the attempt's deadline
# plus a slow DNS lookup (bounded by the resolver, not by us) and the outcome's write.
LEASE = timedelta(seconds=120)
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=3)
# A due delivery still waiting this long after its time was lost by a worker or a broker: the beat sends it again.
LOST_AFTER = timedelta(seconds=60)
MAX_ENDPOINTS_PER_COMPANY = 10
# Receivers' answers are read up to this much, then dropped: only the status code is kept.
RESPONSE_READ_MAX = 64 * 1024
USER_AGENT = "Jobboard-Webhooks/1.0"


# --- Endpoints -----------------------------------------------------------------------------------------------------


def _resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _default_port(parts) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def _refusal(addresses: Iterable[str], port: int) -> str | None:
    """Why a host at these addresses may not be called on this port; None when it may."""
    if settings.WEBHOOK_ALLOW_PRIVATE_URLS:
        return None
    for address in addresses:
        refusal = validators.webhook_address_refusal(address)
        if refusal:
            return refusal
    return validators.webhook_port_refusal(port)


def webhook_url_refusal(url: str) -> str | None:
    """Why the URL may not be called now, judged on every address its host resolves to and on its port; None
    when it may. Called when an endpoint is saved; deliveries judge the addresses they connect to the same way,
    since DNS can change in between."""
    if settings.WEBHOOK_ALLOW_PRIVATE_URLS:
        return None
    parts = urlsplit(url)
    try:
        addresses = _resolve(parts.hostname, _default_port(parts))
    except (OSError, UnicodeError):
        return f"The host {parts.hostname} could not be resolved."
    return _refusal(addresses, _default_port(parts))


def _url_errors(url) -> dict[str, str]:
    errors = validators.webhook_url_errors(url)
    if not errors:
        refusal = webhook_url_refusal(url.strip())
        if refusal:
            errors["url"] = refusal
    return errors


def webhook_endpoint_errors(*, url, events) -> dict[str, str]:
    """Every rule on an endpoint's URL and events, keyed url / events / events[i]."""
    return {**_url_errors(url), **validators.webhook_events_errors(events, known=WEBHOOK_EVENT_TYPES)}


def _canonical_events(events: Iterable[str]) -> list[str]:
    chosen = set(events)
    return [event for event in WEBHOOK_EVENT_TYPES if event in chosen]


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str


def webhook_endpoint_create(*, company: Company, url: str, events: list[str]) -> IssuedEndpoint:
    """Saves an endpoint and returns its signing secret; callers show the secret once, then only the owner's
    receiver needs it."""
    errors = webhook_endpoint_errors(url=url, events=events)
    if errors:
        raise ValidationFailed(errors, "The endpoint was not saved.")
    with transaction.atomic():
        # Locked so two racing creates cannot both pass the per-company limit.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        if WebhookEndpoint.objects.filter(company=company).count() >= MAX_ENDPOINTS_PER_COMPANY:
            raise ValidationFailed(
                {"url": f"A company can have at most {MAX_ENDPOINTS_PER_COMPANY} endpoints; remove one first."},
                "The endpoint was not saved.",
            )
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        endpoint = WebhookEndpoint.objects.create(
            company=company, url=url.strip(), events=_canonical_events(events), secret=secret
        )
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str | None = None, events: list[str] | None = None, is_active: bool | None = None
) -> WebhookEndpoint:
    """Changes what is given (None leaves a value as it is). Switching an endpoint back on clears why it was
    off and its failure streak, so it gets three fresh days."""
    # Only what changes is judged: the stored URL is checked again at delivery time anyway.
    errors = {
        **(_url_errors(url) if url is not None else {}),
        **(validators.webhook_events_errors(events, known=WEBHOOK_EVENT_TYPES) if events is not None else {}),
    }
    if errors:
        raise ValidationFailed(errors, "The endpoint was not saved.")
    changes: dict = {}
    if url is not None:
        changes["url"] = url.strip()
    if events is not None:
        changes["events"] = _canonical_events(events)
    if is_active is not None:
        changes["is_active"] = is_active
        if is_active:
            changes.update(disabled_reason=None, failing_since=None)
    if changes:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(**changes)
        endpoint.refresh_from_db()
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """The endpoint and its delivery log go; events stay for the other endpoints."""
    endpoint.delete()


# --- Recording events ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEvent:
    company_id: int
    type: str
    data: dict
    # Non-empty: recorded only if no event of this company and type has the same key (one per budget window).
    dedupe_key: str = ""


def _new_event_id() -> str:
    return EVENT_ID_PREFIX + secrets.token_hex(12)


def webhook_events_record(*, events: Sequence[NewEvent], now: datetime | None = None) -> list[WebhookEvent]:
    """Records events and one PENDING delivery per active endpoint subscribed to each, in the caller's
    transaction, and hands the deliveries to Celery once that transaction commits (a rollback sends nothing).
    Events nobody subscribed to are not stored. One query when nobody subscribed, three or four otherwise.

    Callers recording a dedupe_key hold a lock that serialises them (the company row), so the check is exact.
    """
    if not events:
        return []
    unknown = {event.type for event in events} - set(WEBHOOK_EVENT_TYPES)
    if unknown:
        raise ValueError(f"unknown webhook event types: {sorted(unknown)}")
    now = now or timezone.now()
    subscribers: dict[tuple[int, str], list[int]] = defaultdict(list)
    endpoints = WebhookEndpoint.objects.filter(company_id__in={e.company_id for e in events}, is_active=True)
    for endpoint_id, company_id, types in endpoints.values_list("pk", "company_id", "events"):
        for event_type in types:
            subscribers[(company_id, event_type)].append(endpoint_id)
    wanted = [event for event in events if subscribers[(event.company_id, event.type)]]
    keyed = [event for event in wanted if event.dedupe_key]
    if keyed:
        seen = set(
            WebhookEvent.objects.filter(
                company_id__in={e.company_id for e in keyed}, dedupe_key__in={e.dedupe_key for e in keyed}
            ).values_list("company_id", "type", "dedupe_key")
        )
        fresh = []
        for event in wanted:
            key = (event.company_id, event.type, event.dedupe_key)
            if event.dedupe_key:
                if key in seen:
                    continue
                seen.add(key)
            fresh.append(event)
        wanted = fresh
    if not wanted:
        return []
    rows = WebhookEvent.objects.bulk_create(
        WebhookEvent(
            id=_new_event_id(),
            company_id=event.company_id,
            type=event.type,
            data=event.data,
            dedupe_key=event.dedupe_key,
            created_at=now,
        )
        for event in wanted
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            event_id=row.pk,
            endpoint_id=endpoint_id,
            next_attempt_at=now,
            give_up_at=now + RETRY_FOR,
            created_at=now,
        )
        for row in rows
        for endpoint_id in subscribers[(row.company_id, row.type)]
    )
    transaction.on_commit(partial(webhook_deliveries_enqueue, delivery_ids=[d.pk for d in deliveries]))
    return rows


def webhook_event_record(
    *, company_id: int, type: str, data: dict, dedupe_key: str = "", now: datetime | None = None
) -> WebhookEvent | None:
    """One event (see webhook_events_record); None when no active endpoint of the company wants it."""
    rows = webhook_events_record(
        events=[NewEvent(company_id=company_id, type=type, data=data, dedupe_key=dedupe_key)], now=now
    )
    return rows[0] if rows else None


def webhook_deliveries_enqueue(*, delivery_ids: Sequence[int]) -> None:
    """Hands deliveries to Celery (in-process at once when Celery runs eagerly, without Redis). Never raises:
    the change they announce has committed, and a delivery the broker did not take is sent by the beat."""
    # Imported here: the tasks module imports this one.
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:
            logger.exception("webhook delivery %s not enqueued; the beat will send it", delivery_id)


# --- Delivering ----------------------------------------------------------------------------------------------------


def webhook_body(event: WebhookEvent) -> bytes:
    payload = {"id": event.pk, "type": event.type, "createdAt": iso_z(event.created_at), "data": event.data}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The Jobboard-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


class UnsafeAddress(Exception):
    pass


def _time_left(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the attempt's deadline passed")
    return remaining


class _DeadlineReader(io.RawIOBase):
    """The socket as http.client reads the answer, each read allowed only the time left to the attempt: a socket
    timeout alone is per read, so a receiver trickling a byte every few seconds could hold a worker for hours."""

    def __init__(self, sock: socket.socket, deadline: float):
        super().__init__()
        # Read through a file of the socket, as http.client does: an open file keeps the socket open when the
        # connection closes it on a "Connection: close" answer whose body is still to be read.
        self._sock, self._raw, self._deadline = sock, sock.makefile("rb", buffering=0), deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock.settimeout(_time_left(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _DeadlineHTTPResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args, deadline: float, **kwargs):
        super().__init__(sock, *args, **kwargs)
        # Nothing was read through the stock reader yet, so nothing buffered is lost by replacing it.
        stock, self.fp = self.fp, io.BufferedReader(_DeadlineReader(sock, deadline))
        stock.close()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was vetted, not to whatever the name resolves to a moment later, and gives
    connecting, sending and reading the answer together no more than the time to `deadline` (time.monotonic)."""

    def __init__(self, host: str, port: int, *, address: str, deadline: float, **kwargs):
        super().__init__(host, port, timeout=_time_left(deadline), **kwargs)
        self._address, self._deadline = address, deadline
        self.response_class = partial(_DeadlineHTTPResponse, deadline=deadline)

    def _open_socket(self) -> socket.socket:
        return socket.create_connection((self._address, self.port), _time_left(self._deadline))

    def connect(self):
        self.sock = self._open_socket()

    def send(self, data):
        if self.sock is not None:
            self.sock.settimeout(_time_left(self._deadline))
        super().send(data)


class _PinnedHTTPSConnection(_PinnedHTTPConnection, http.client.HTTPSConnection):
    def connect(self):
        # The certificate is checked against the URL's host name, as for any HTTPS request. The handshake is
        # bounded by the socket's timeout, set to the time left when it was opened.
        self.sock = self._context.wrap_socket(self._open_socket(), server_hostname=self.host)


def _vetted_address(host: str, port: int) -> str:
    addresses = _resolve(host, port)
    refusal = _refusal(addresses, port)
    if refusal:
        raise UnsafeAddress(refusal)
    return addresses[0]


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> AttemptResult:
    """One POST, no redirects followed (a redirect could lead anywhere), no proxies from the environment, all
    of it (the DNS lookup aside) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    try:
        parts = urlsplit(url)
        https = parts.scheme.lower() == "https"
        port = _default_port(parts)
        address = _vetted_address(parts.hostname, port)
        connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
        options = {"context": ssl.create_default_context()} if https else {}
        connection = connection_class(parts.hostname, port, address=address, deadline=deadline, **options)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            response.read(RESPONSE_READ_MAX)
            status = response.status
        finally:
            connection.close()
    except UnsafeAddress as error:
        return AttemptResult(None, str(error))
    except TimeoutError:
        return AttemptResult(None, f"No answer within {timeout:g} seconds.")
    except ssl.SSLError as error:
        return AttemptResult(None, f"TLS failed: {error.reason or error}"[:300])
    # ValueError: a stored URL that no longer parses fails its attempt rather than the worker.
    except (OSError, http.client.HTTPException, UnicodeError, ValueError) as error:
        return AttemptResult(None, f"{type(error).__name__}: {error}"[:300])
    if time.monotonic() > deadline:
        return AttemptResult(status, f"The answer took longer than {timeout:g} seconds.")
    return AttemptResult(status)


def webhook_backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from 30 s up to 3 h, with ±25 % jitter so that the
    retries of many deliveries to one recovering receiver do not arrive together."""
    base = min(BACKOFF_FIRST * 2 ** min(attempts - 1, 20), BACKOFF_MAX)
    return base * random.uniform(0.75, 1.25)


@dataclass(frozen=True)
class _Claim:
    delivery: WebhookDelivery
    # The next_attempt_at this claim wrote: only while it is still there may the claim's outcome be recorded.
    lease_until: datetime


def _claim(delivery_id: int, now: datetime) -> _Claim | None:
    """Takes a due delivery for one attempt: the conditional UPDATE lets exactly one worker through, and the
    lease brings the delivery back if that worker dies. The lease's end doubles as the claim's token: "send
    again" or another worker's claim after the lease ran out writes a different one, and random microseconds
    keep two claims made at the same `now` apart."""
    lease_until = now + LEASE + timedelta(microseconds=secrets.randbelow(1_000_000))
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease_until)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    return _Claim(delivery, lease_until) if delivery else None


def _describe(result: AttemptResult) -> str:
    return result.error or f"HTTP {result.status_code}"


def _record_attempt(claim: _Claim, result: AttemptResult, now: datetime) -> bool:
    """Writes the attempt's outcome and mirrors it on the claim's delivery, conditional on the claim still
    holding ("send again", or a second worker once the lease ran out, may have started another attempt
    meanwhile, whose outcome is the one to keep). False when the claim was lost and nothing was recorded."""
    delivery, endpoint = claim.delivery, claim.delivery.endpoint
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error, delivery.last_attempt_at = result.status_code, result.error, now
    if result.succeeded:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    else:
        retry_at = now + webhook_backoff(delivery.attempts)
        if retry_at > delivery.give_up_at:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = retry_at
    outcome = {
        "attempts": F("attempts") + 1,
        "last_status_code": result.status_code,
        "last_error": result.error[:300],
        "last_attempt_at": now,
        "status": delivery.status,
        "next_attempt_at": delivery.next_attempt_at,
    }
    mine = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, next_attempt_at=claim.lease_until
    )
    if result.succeeded:
        # Two independent facts, each one statement: no transaction needed on the busiest path. A 2xx shows
        # the receiver works even when the claim was lost.
        recorded = mine.update(**outcome)
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(failing_since=None)
        return bool(recorded)
    with transaction.atomic():
        if not mine.update(**outcome):
            return False
        WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
        failing = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True, failing_since__lte=now - DISABLE_AFTER)
        since = failing.values_list("failing_since", flat=True).first()
        if since is not None:
            failing.update(
                is_active=False,
                disabled_reason=(
                    f"Switched off on {now:%Y-%m-%d %H:%M} UTC: no delivery has succeeded since "
                    f"{since:%Y-%m-%d %H:%M} UTC (last answer: {_describe(result)}). Fix the receiver, then switch "
                    f"the endpoint back on."
                ),
            )
            logger.warning("webhook endpoint %s switched off after failing since %s", endpoint.pk, since)
    return True


def webhook_deliver(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt at one delivery, if it is due at `now`: POSTs the signed event, then records the outcome
    (SUCCEEDED on a 2xx; otherwise PENDING with the next attempt after a backoff, or FAILED past give_up_at).
    Returns the delivery as this attempt left it, or None when it was not due (done, taken by another worker,
    gone, or started over by another attempt while this one was sending). Four statements on success: claim,
    read, outcome, the endpoint's failure streak."""
    now = now or timezone.now()
    claim = _claim(delivery_id, now)
    if claim is None:
        return None
    delivery = claim.delivery
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.last_error = "The endpoint is switched off."
        WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, next_attempt_at=claim.lease_until
        ).update(status=delivery.status, next_attempt_at=None, last_error=delivery.last_error)
        return delivery
    body = webhook_body(delivery.event)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: webhook_signature(secret=endpoint.secret, timestamp=timestamp, body=body),
    }
    result = _post(endpoint.url, body, headers, DELIVERY_TIMEOUT)
    recorded = _record_attempt(claim, result, now)
    logger.info(
        "webhook delivery %s (%s) to endpoint %s: %s%s",
        delivery.pk,
        delivery.event_id,
        endpoint.pk,
        _describe(result),
        "" if recorded else " (not recorded: another attempt started meanwhile)",
    )
    return delivery if recorded else None


def webhook_delivery_resend(*, delivery: WebhookDelivery, now: datetime | None = None) -> WebhookDelivery:
    """ "Send again": the delivery starts over (PENDING, no attempts, 24 fresh hours) and is sent at once."""
    now = now or timezone.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, give_up_at=now + RETRY_FOR, last_error=""
        )
        transaction.on_commit(partial(webhook_deliveries_enqueue, delivery_ids=[delivery.pk]))
    delivery.refresh_from_db()
    return delivery


REQUEUE_BATCH = 500


def webhook_deliveries_requeue_lost(*, now: datetime | None = None, limit: int = REQUEUE_BATCH) -> list[int]:
    """Deliveries due for a while that no worker took (a lost message, a dead worker, a backoff too long to
    wait for in a worker): marked due now, so the next minute's scan skips them, and returned to be enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked (skipping rows another beat holds) so two overlapping beats never enqueue one delivery twice.
        ids = list(
            WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now - LOST_AFTER)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return ids
