"""Publication windows as half-open [start, end) intervals: how many overlap, and when a company's slots are full."""

from collections.abc import Iterable
from datetime import datetime

from .models import MAX_CONCURRENT_OFFERS

Window = tuple[datetime, datetime]


def _coverage(intervals: Iterable[Window]) -> list[tuple[datetime, int]]:
    """Sweep over the endpoints of half-open [start, end) intervals.

    Returns (instant, count) pairs, one per distinct endpoint: count is how many intervals cover the time from
    that instant until the next one. Ends and starts at one instant are netted, so touching windows never
    count as overlapping.
    """
    deltas: dict[datetime, int] = {}
    for start, end in intervals:
        if start < end:
            deltas[start] = deltas.get(start, 0) + 1
            deltas[end] = deltas.get(end, 0) - 1
    current, coverage = 0, []
    for instant in sorted(deltas):
        current += deltas[instant]
        coverage.append((instant, current))
    return coverage


def max_overlap(intervals: Iterable[Window]) -> int:
    """Largest number of half-open [start, end) intervals covering one instant."""
    return max((count for _, count in _coverage(intervals)), default=0)


def full_period(new_window: Window, others: Iterable[Window], *, limit: int = MAX_CONCURRENT_OFFERS) -> Window | None:
    """The first stretch of time, meeting new_window, during which the others already hold every slot.

    None when new_window fits. The stretch is not clipped to new_window, so a refusal can say which
    dates to avoid.
    """
    start, end = new_window
    if start >= end:
        return None
    coverage = _coverage(others)
    for i, (instant, count) in enumerate(coverage):
        if count < limit or (i and coverage[i - 1][1] >= limit):
            continue
        # A full stretch opens here; it closes at the first instant where a slot frees up.
        closes = next(at for at, later in coverage[i + 1 :] if later < limit)
        if instant < end and closes > start:
            return instant, closes
    return None


def exceeds_concurrent_limit(new_window: Window, others: Iterable[Window]) -> bool:
    """Would adding new_window make some instant see more than the allowed number of offers?"""
    return full_period(new_window, others) is not None
