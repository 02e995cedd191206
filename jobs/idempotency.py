"""Idempotency keys of the partner API: the rules on the header and on what counts as "the same request".

Pure functions; the rows are written by jobs.services (idempotency_key_claim / _finish / idempotency_keys_purge).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# How long a key answers with its first response; older rows count as absent and are purged.
KEY_LIFETIME = timedelta(hours=24)
# A claim still running after this long belongs to a process that died (web requests time out long before):
# without it, a crash mid-request would refuse the key with 409 for a whole day.
ABANDONED_AFTER = timedelta(minutes=10)
IDEMPOTENT_METHODS = ("POST", "PATCH")


def idempotency_key_errors(value: str) -> dict[str, str]:
    if not 1 <= len(value) <= MAX_KEY_LENGTH:
        return {HEADER: f"Must be 1 to {MAX_KEY_LENGTH} characters long."}
    if any(not " " <= character <= "~" for character in value):
        return {HEADER: "Use printable ASCII characters only."}
    return {}


def body_fingerprint(raw: bytes) -> str:
    """SHA-256 of the body. JSON is compared by meaning, so whitespace and key order do not make a new request."""
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (ValueError, RecursionError):
        return hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def request_differences(*, first: tuple[str, str, str], retry: tuple[str, str, str]) -> list[str]:
    """Which of (method, path, body) tell a retry apart from the request first sent with the key."""
    return [name for name, was, now in zip(("method", "path", "body"), first, retry, strict=True) if was != now]


def reused_message(differences: list[str]) -> str:
    named = differences[0] if len(differences) == 1 else f"{', '.join(differences[:-1])} and {differences[-1]}"
    return f"This Idempotency-Key was first used with a different {named}; send a new key for a new request."


@dataclass(frozen=True)
class Claim:
    """This request holds the key: it runs, then stores its answer or gives the key back."""

    pk: int


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str
