"""When a budget window (in UTC) starts and resets."""

from datetime import UTC, datetime, timedelta

from .choices import BudgetWindow

# A full LIFETIME budget never resets: the job stays off the board until its budget or bid changes.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


def budget_window_end(window: str, now: datetime) -> datetime:
    """When the UTC window that contains now resets (NEVER for LIFETIME)."""
    start = budget_window_start(window, now)
    if start is None:
        return NEVER
    if window == BudgetWindow.DAILY:
        return start + timedelta(days=1)
    if window == BudgetWindow.WEEKLY:
        return start + timedelta(days=7)
    if window == BudgetWindow.MONTHLY:
        return (start + timedelta(days=32)).replace(day=1)
    return NEVER


def budget_window_start(window: str, now: datetime) -> datetime | None:
    """Start of the UTC window that contains now; None for LIFETIME (no reset)."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if window == BudgetWindow.DAILY:
        return day
    if window == BudgetWindow.WEEKLY:
        return day - timedelta(days=day.weekday())
    if window == BudgetWindow.MONTHLY:
        return day.replace(day=1)
    return None
