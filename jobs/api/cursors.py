"""The partner API's opaque page cursors: a short JSON list, base64url-encoded. One codec for every list."""

import base64
import binascii
import json
from datetime import UTC, datetime

from jobs.exceptions import ValidationFailed

# Every cursor this API issues is far shorter; a longer one is not ours, and is refused before it is decoded
# (so nothing deeply nested ever reaches the JSON parser).
MAX_CURSOR_LENGTH = 256
UNREADABLE = "Unreadable cursor; use nextCursor from the previous page."


def encode_cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list:
    """The list a cursor holds, or 422 on `cursor`; callers check each value's type and range."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list):
            raise ValueError("not a list")
        return values
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise cursor_error() from None


def cursor_time(value) -> datetime:
    """A position's time, as a cursor holds it: ISO 8601 with an offset, returned in UTC.

    Cursors are not signed, so a client can write any time into one: a time that falls outside year 1–9999 once
    in UTC ("0001-01-01T00:00:00+05:00") is unreadable here rather than an OverflowError at the database.
    """
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive time")
        return parsed.astimezone(UTC)
    except (ValueError, TypeError, OverflowError):
        raise cursor_error() from None


def cursor_error() -> ValidationFailed:
    return ValidationFailed({"cursor": UNREADABLE})
