"""Counting what people do with a posting (views, apply clicks, ...) per UTC day, without slowing the page.

With Redis, a page's count (`count_request`) is queued for the process's sender (count_sender.py), which runs a
script that sets the client's repeat mark (SET NX EX) and, only if it was not set, adds one (HINCRBY) into one hash
per kind of posting; `count` is one HINCRBY.
`counts_flush` (the beat, every minute, and `run_lifecycle_sweep`) adds the hash into the daily tables. Without
Redis, the repeat mark is kept in the local memory cache and `count` hands the increment straight to the kind's
adder (one upsert). If Redis is down the increment is dropped with a warning (fails open).

Each posting app registers the adder of its daily table (`counter_register`) in its AppConfig.ready: this module
is at the bottom and imports no app.

Flushing is idempotent. The hash is RENAMEd atomically to a key of its own (`counts:<kind>:flush:<uuid>`), so
increments arriving meanwhile start a fresh hash. That batch is added in one database transaction together with a
CountFlush row naming the key (unique), then the key is deleted. A crash before the commit leaves the key and no
row: the next flush adds it. A crash after the commit and before the delete leaves the key and its row: the next
flush sees the row and only deletes the key. Two flushes taking the same leftover key at once: the second one's
CountFlush insert fails on the unique key and its transaction (its additions) rolls back.
"""

import hashlib
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.http import HttpRequest

from .count_sender import sender
from .models import CountFlush

logger = logging.getLogger(__name__)

# One view (or apply click) per client per posting in this many seconds.
REPEAT_SECONDS = 30 * 60
# CountFlush rows are kept this long: far longer than any leftover key waits for the next flush.
FLUSH_MARKER_DAYS = 7

# The additions of one kind: (posting id, day) -> {field: n}.
Additions = dict[tuple[str, date], dict[str, int]]
Adder = Callable[[Additions], None]

_adders: dict[str, Adder] = {}


def counter_register(kind: str, adder: Adder) -> None:
    """`adder` adds a batch of counts of `kind` (e.g. "job") into its daily table, in the caller's transaction."""
    _adders[kind] = adder


# A pattern of the crawler list that is plain text: no regex syntax but backslash-escaped punctuation.
_PLAIN_PATTERN = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^0-9A-Za-z])+")
_PREFIX = 3
# User-Agents longer than this are checked each time rather than remembered.
_REMEMBERED_UA_LENGTH = 512


@dataclass(frozen=True)
class _CrawlerList:
    # The plain-text patterns (most of the list) by their first _PREFIX characters.
    plain: dict[str, tuple[str, ...]]
    # The others, compiled into one alternation.
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def _crawler_list() -> _CrawlerList:
    """The crawler-user-agents package's list (case-sensitive, as it is written), split for speed: one regex
    alternation of all 1,500 patterns takes about 0.8 ms a browser's User-Agent, since it tries every pattern at
    every position; the plain ones are found through an index of their prefixes instead."""
    from crawleruseragents import CRAWLER_USER_AGENTS_DATA

    plain: dict[str, list[str]] = defaultdict(list)
    others = []
    for entry in CRAWLER_USER_AGENTS_DATA:
        pattern = entry["pattern"]
        text = re.sub(r"\\(.)", r"\1", pattern)
        if _PLAIN_PATTERN.fullmatch(pattern) and len(text) >= _PREFIX:
            plain[text[:_PREFIX]].append(text)
        else:
            others.append(pattern)
    regex = re.compile("|".join(f"(?:{pattern})" for pattern in others))
    return _CrawlerList(plain={prefix: tuple(texts) for prefix, texts in plain.items()}, regex=regex)


def _matches_crawler(user_agent: str) -> bool:
    crawlers = _crawler_list()
    for start in range(len(user_agent) - _PREFIX + 1):
        for text in crawlers.plain.get(user_agent[start : start + _PREFIX], ()):
            if user_agent.startswith(text, start):
                return True
    return crawlers.regex.search(user_agent) is not None


# Browsers send few distinct User-Agents, so most checks are answered from here.
_matches_crawler_remembered = lru_cache(maxsize=4096)(_matches_crawler)


def is_crawler(user_agent: str) -> bool:
    if not user_agent:
        return False
    if len(user_agent) > _REMEMBERED_UA_LENGTH:
        return _matches_crawler(user_agent)
    return _matches_crawler_remembered(user_agent)


def _seen_key(*, ip: str, user_agent: str, posting: str, what: str) -> str:
    """The repeat check's key: a hash of the client (IP + User-Agent), the posting and what was done."""
    digest = hashlib.sha256(f"{ip}\n{user_agent}\n{posting}\n{what}".encode()).hexdigest()
    return f"counting:seen:{digest}"


@lru_cache(maxsize=None)
def _client_for(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(
        redis_url,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        decode_responses=True,
    )


def _client() -> redis.Redis | None:
    return _client_for(settings.REDIS_URL) if settings.REDIS_URL else None


def _hash_key(kind: str) -> str:
    return f"counts:{kind}"


def _utc_day(now: datetime) -> date:
    return (now.astimezone(UTC) if now.tzinfo else now).date()


def _member(posting_id: object, now: datetime, field: str) -> str:
    """The hash's field for one counter: the posting, its UTC day and the figure."""
    return f"{posting_id}|{_utc_day(now).isoformat()}|{field}"


def count(kind: str, posting_id: object, field: str, *, now: datetime, n: int = 1) -> None:
    """Adds `n` to `field` of the posting's day (UTC) of `now`. Never raises for Redis: a failure is logged and the
    count dropped."""
    client = _client()
    if client is None:
        _adders[kind]({(str(posting_id), _utc_day(now)): {field: n}})
        return
    try:
        # One round trip: a single HINCRBY needs no pipeline around it.
        client.hincrby(_hash_key(kind), _member(posting_id, now, field), n)
    except redis.RedisError:
        logger.warning("Counting unavailable (Redis error); %s %s not counted", kind, field, exc_info=True)


def _parse(fields: Mapping[str, str]) -> Additions:
    additions: Additions = defaultdict(dict)
    for name, value in fields.items():
        posting_id, day, field = name.rsplit("|", 2)
        key = (posting_id, date.fromisoformat(day))
        additions[key][field] = additions[key].get(field, 0) + int(value)
    return dict(additions)


def _apply_batch(client: redis.Redis, kind: str, key: str, *, now: datetime) -> int:
    """Adds one renamed batch once, then deletes it; the number of counters added (0 when it was added before)."""
    fields: dict[str, str] = client.hgetall(key)  # type: ignore[assignment]
    added = 0
    if fields:
        try:
            with transaction.atomic():
                CountFlush.objects.create(key=key, applied_at=now)
                _adders[kind](_parse(fields))
                added = len(fields)
        except IntegrityError:
            if not CountFlush.objects.filter(key=key).exists():
                raise
            logger.info("counts batch %s was added before; deleting it", key)
    client.delete(key)
    return added


def counts_flush(*, now: datetime) -> int:
    """Adds every Redis counter into the daily tables, each exactly once; the number of counters added. A no-op
    without Redis (counts were written straight away); Redis errors are logged and leave the counters for the next
    flush."""
    client = _client()
    if client is None:
        return 0
    added = 0
    try:
        for kind in sorted(_adders):
            # Leftovers of a flush that died first, then this flush's own batch.
            keys: list[str] = [str(k) for k in client.scan_iter(f"{_hash_key(kind)}:flush:*")]
            batch = f"{_hash_key(kind)}:flush:{uuid.uuid4().hex}"
            try:
                client.rename(_hash_key(kind), batch)
                keys.append(batch)
            except redis.ResponseError:
                pass  # no counters since the last flush
            for key in keys:
                added += _apply_batch(client, kind, key, now=now)
    except redis.RedisError:
        logger.warning("Counting flush: Redis unavailable; counters stay until the next flush", exc_info=True)
    CountFlush.objects.filter(applied_at__lt=now - timedelta(days=FLUSH_MARKER_DAYS)).delete()
    return added


def daily_add(*, model: type[models.Model], posting_field: str, additions: Additions) -> None:
    """Adds `additions` into a daily table with one statement per row: INSERT ... ON CONFLICT (posting, day) DO
    UPDATE SET x = x + excluded.x (PostgreSQL and SQLite alike), so concurrent adders never lose a count."""
    if not additions:
        return
    opts = model._meta
    fk = opts.get_field(posting_field)
    posting_column = fk.column  # type: ignore[union-attr]
    target = fk.target_field  # type: ignore[union-attr]
    counter_fields = [f for f in opts.concrete_fields if isinstance(f, models.IntegerField) and not f.primary_key]
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    counter_columns = [qn(str(f.column)) for f in counter_fields]
    columns = [qn(str(posting_column)), qn("day"), *counter_columns]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counter_columns)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({columns[0]}, {columns[1]}) DO UPDATE SET {updates}"
    )
    known = {f.name for f in counter_fields}
    # A posting deleted since it was counted takes its counts with it (its rows would go with it anyway).
    existing = {
        str(pk)
        for pk in fk.related_model._default_manager.filter(  # type: ignore[union-attr]
            pk__in={posting_id for posting_id, _ in additions}
        ).values_list("pk", flat=True)
    }
    with connection.cursor() as cursor:
        for (posting_id, day), values in sorted(additions.items()):
            if posting_id not in existing:
                continue
            unknown = set(values) - known
            if unknown:
                raise ValueError(f"not a counter of {opts.label}: {sorted(unknown)}")
            params: list[Any] = [target.get_db_prep_value(target.to_python(posting_id), connection), day]
            params += [values.get(f.name, 0) for f in counter_fields]
            cursor.execute(sql, params)


def count_request(
    request: HttpRequest, *, kind: str, posting_id: object, field: str, ip: str, by_posting_staff: bool, now: datetime
) -> None:
    """Counts one request for a public posting page (or its apply link) as `field`, unless it is not a person's:
    anything but GET (HEAD included), a crawler's User-Agent, the posting company's own signed-in staff, or a
    repeat of this client on this posting within REPEAT_SECONDS. Nothing is counted with COUNT_POSTING_VISITS off.

    With Redis the count is queued and sent by this process's sender (plumbing/count_sender.py): the repeat check
    and the count happen there, in one script, and the page does not wait for them. Without Redis, the repeat check
    is made in the local memory cache and the count goes straight into the table. Never raises for either."""
    if not settings.COUNT_POSTING_VISITS or request.method != "GET" or by_posting_staff:
        return
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_crawler(user_agent):
        return
    seen = _seen_key(ip=ip, user_agent=user_agent, posting=f"{kind}:{posting_id}", what=field)
    if _client() is not None:
        sender(_client).put((seen, _hash_key(kind), _member(posting_id, now, field), REPEAT_SECONDS))
        return
    try:
        if cache.add(seen, 1, REPEAT_SECONDS):
            count(kind, posting_id, field, now=now)
    except Exception:
        logger.warning("Counting unavailable; %s %s not counted", kind, field, exc_info=True)
