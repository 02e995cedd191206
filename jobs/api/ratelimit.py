"""The partner API's limit: PARTNER_RATE_LIMIT_PER_MINUTE requests per key, on the shared sliding window."""

import logging
import math

import redis
from django.conf import settings

from plumbing.ratelimit import get_limiter

logger = logging.getLogger(__name__)


def partner_key_hit(key_id: int) -> tuple[bool, int]:
    """Counts one request for the key. Refused requests are not counted, so a client that waits recovers.

    Returns (allowed, retry_after_seconds); (True, 0) when the limiter is unreachable (fails open)."""
    try:
        allowed, wait = get_limiter().hit(f"partner:{key_id}", settings.PARTNER_RATE_LIMIT_PER_MINUTE)
    except redis.RedisError:
        logger.warning("Partner rate limit unavailable (Redis error); not limiting key %s", key_id, exc_info=True)
        return True, 0
    return allowed, 0 if allowed else max(1, math.ceil(wait))
