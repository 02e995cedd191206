"""Sliding-window rate limits (partner keys, apply, password reset, sign-up): Redis when configured (shared by
every process), else memory.

When Redis cannot be reached a limit fails open: the request is served and a warning logged (the spec's choice:
people keep working through a cache outage, and /healthz answers 503 naming Redis meanwhile). Its client gives
up within REDIS_SOCKET_TIMEOUT seconds, so a Redis that hangs delays a request by that much, never holds it.
"""

import logging
import math
import threading
import time
import uuid
from collections import defaultdict, deque
from functools import lru_cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0

# Atomic on the Redis server, and timed by the server's clock so every web process agrees.
_SLIDING_WINDOW_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
  return {1, '0'}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tostring(tonumber(oldest[2]) + window - now)}
"""


class MemoryLimiter:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window: float = WINDOW_SECONDS) -> tuple[bool, float]:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) < limit:
                hits.append(now)
                return True, 0.0
            return False, hits[0] + window - now

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


class RedisLimiter:
    def __init__(self, url: str):
        self._client = redis.Redis.from_url(
            url,
            socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        self._script = self._client.register_script(_SLIDING_WINDOW_LUA)

    def hit(self, key: str, limit: int, window: float = WINDOW_SECONDS) -> tuple[bool, float]:
        allowed, wait = self._script(keys=[f"ratelimit:{key}"], args=[window, limit, uuid.uuid4().hex])
        return bool(allowed), float(wait)

    def reset(self) -> None:
        for name in self._client.scan_iter("ratelimit:*"):
            self._client.delete(name)


@lru_cache(maxsize=None)
def _limiter_for(redis_url: str) -> "RedisLimiter | MemoryLimiter":
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()


def get_limiter() -> "RedisLimiter | MemoryLimiter":
    return _limiter_for(settings.REDIS_URL)


def limit_wait(key: str, limit: int, window: float, *, what: str) -> int:
    """Counts one hit against `key`: the seconds to wait when over `limit` in `window`, else 0. When the limiter
    cannot be reached it fails open (logged as `what`): people are not turned away by a cache outage."""
    try:
        allowed, wait = get_limiter().hit(key, limit, window)
    except Exception:
        logger.warning("%s unavailable (limiter error); not limiting", what, exc_info=True)
        return 0
    return 0 if allowed else max(1, math.ceil(wait))
