"""Reading what a request carries (JSON values, path ids, query strings) into Python values."""

import re
from datetime import date, datetime, timezone

from plumbing.input_rules import BIGINT_MAX, input_problem

_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
LATEST_DATE = datetime(9999, 1, 1)


class Missing:
    """Marks a field absent from the body (unlike None, which clears)."""


MISSING = Missing()


def parse_iso8601(value: object) -> datetime | None:
    """Strict ISO 8601 (date or date-time); naive values are UTC. None when unreadable."""
    if not isinstance(value, str) or not _ISO_8601.match(value):
        return None
    try:
        if "T" not in value:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.replace(tzinfo=None) >= LATEST_DATE:
        # Windows are computed up to six months past a date; beyond this they would overflow datetime.
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    try:
        # In UTC, as stored: "0001-01-01T00:00+05:00" falls before year 1, which no datetime (and no reader of
        # the column) can hold; refused here rather than stored as a BC timestamp that every later read fails on.
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        return None


def parse_id(value: object) -> int | None:
    """Ids arrive as strings or integers; anything else names nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Past a bigint the id names nothing, and must not reach the database (SQLite overflows).
        return value if 0 < value <= BIGINT_MAX else None
    # ASCII digits only: "²" passes isdigit() but int() refuses it, and "١" would name offer 1 a second way.
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value) or None
    return None


def contains_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def echo(value: object) -> object:
    """The value an error shows back: not one holding an unpaired surrogate, which no client could read."""
    return None if input_problem(value) is not None else value


def contains_unstorable_text(value: object) -> bool:
    """NUL (PostgreSQL text refuses it) or an unpaired surrogate (no UTF-8 encoder takes it), at any depth."""
    return contains_nul(value) or input_problem(value) is not None


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
