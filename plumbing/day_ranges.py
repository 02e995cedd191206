"""Ranges of days for daily figures (the partner API's stats, the dashboard's charts): one rule for every posting."""

import csv
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.http import HttpResponse

# A range of daily figures (the stats API, the dashboard's charts): at most this many days, counting both ends.
STATS_MAX_DAYS = 366
# The default range: today (UTC) and the days before it, this many in all.
STATS_DEFAULT_DAYS = 30
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORMAT_MESSAGE = "Must be a date as YYYY-MM-DD."


def _iso_date(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def stats_range(*, date_from: str | None, date_to: str | None, today: date) -> tuple[date, date, dict[str, str]]:
    """The range of days asked for (`from`, `to` as YYYY-MM-DD texts, either may be absent) and its errors, keyed
    `from` and `to`. Absent, `to` is today and `from` the 29 days before today (the last 30 days); one given alone
    is taken with the default of the other. Refused, never clamped: a bad date, `to` after today, `from` after
    `to`, or more than STATS_MAX_DAYS days counting both ends."""
    errors: dict[str, str] = {}
    start = today - timedelta(days=STATS_DEFAULT_DAYS - 1)
    end = today
    if date_from is not None:
        start = _iso_date(date_from) or start
        if _iso_date(date_from) is None:
            errors["from"] = DATE_FORMAT_MESSAGE
    if date_to is not None:
        end = _iso_date(date_to) or end
        if _iso_date(date_to) is None:
            errors["to"] = DATE_FORMAT_MESSAGE
    if errors:
        return start, end, errors
    if end > today:
        errors["to"] = f"Must be today ({today.isoformat()}) or earlier."
    elif start > end:
        errors["from"] = f"Must be on or before to ({end.isoformat()})."
    elif (end - start).days + 1 > STATS_MAX_DAYS:
        days = (end - start).days + 1
        errors["from"] = f"The range is {days} days; at most {STATS_MAX_DAYS}, counting both ends."
    return start, end, errors


# The ranges a dashboard page offers as links, in days ending today.
PRESET_DAYS = (7, 30, 90)


@dataclass(frozen=True)
class ChosenRange:
    """The range a dashboard page shows: what was asked for if it holds, else the default (the last 30 days) with
    the errors of what was asked for, keyed `from` and `to`."""

    start: date
    end: date
    errors: dict[str, str]
    # What the form's inputs show: the texts as typed when refused, else the range's dates.
    typed_from: str
    typed_to: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def query(self) -> str:
        return urlencode({"from": self.start.isoformat(), "to": self.end.isoformat()})

    def presets(self, *, today: date) -> list[dict[str, Any]]:
        """A link for each of PRESET_DAYS: its label, its query string and whether it is the range shown."""
        links = []
        for days in PRESET_DAYS:
            start = today - timedelta(days=days - 1)
            links.append(
                {
                    "label": f"{days} days",
                    "query": urlencode({"from": start.isoformat(), "to": today.isoformat()}),
                    "current": (self.start, self.end) == (start, today),
                }
            )
        return links


def chosen_range(*, params: Mapping[str, str], today: date) -> ChosenRange:
    """The range a dashboard page's GET `from`/`to` ask for, by stats_range's rule; refused, the default range."""
    date_from, date_to = params.get("from") or None, params.get("to") or None
    start, end, errors = stats_range(date_from=date_from, date_to=date_to, today=today)
    if errors:
        start, end = today - timedelta(days=STATS_DEFAULT_DAYS - 1), today
        return ChosenRange(start, end, errors, date_from or "", date_to or "")
    return ChosenRange(start, end, errors, start.isoformat(), end.isoformat())


@dataclass(frozen=True)
class Column:
    """One figure of a daily table: its field in the day rows, its header in words, its CSV (API) key, and
    whether it is money in cents (shown in currency units)."""

    field: str
    label: str
    key: str
    money: bool = False


def chart_table(*, caption: str, columns: Sequence[Column], days: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What templates/dashboard/_chart.html draws: the columns and one row per day ({"day", "cells"})."""
    rows = [
        {"day": day["day"], "cells": [{"value": day[column.field], "money": column.money} for column in columns]}
        for day in days
    ]
    return {"caption": caption, "columns": columns, "rows": rows}


def daily_csv(*, filename: str, columns: Sequence[Column], days: Iterable[Mapping[str, Any]]) -> HttpResponse:
    """The daily rows as a CSV download: `date` (ISO) then each column's API key, the numbers as stored."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["date", *(column.key for column in columns)])
    for day in days:
        writer.writerow([day["day"].isoformat(), *(day[column.field] for column in columns)])
    return response


def range_refused(chosen: ChosenRange) -> HttpResponse:
    """A CSV download's answer to a range it refuses: 400 naming each field's error, never another range."""
    text = "".join(f"{field}: {message}\n" for field, message in chosen.errors.items())
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def each_day(date_from: date, date_to: date) -> Iterator[date]:
    """Every day from `date_from` to `date_to`, both included, ascending."""
    for offset in range((date_to - date_from).days + 1):
        yield date_from + timedelta(days=offset)


def day_bounds(*, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The instants a range of UTC days covers: from `date_from`'s midnight up to, not including, the midnight after
    `date_to`."""
    return datetime.combine(date_from, time(), UTC), datetime.combine(date_to + timedelta(days=1), time(), UTC)


def counts_per_day(rows: QuerySet[Any], *, field: str, date_from: date, date_to: date) -> dict[date, int]:
    """How many of `rows` have their datetime `field` on each UTC day of the range (only the days with any): one
    query, grouped by the day."""
    start, end = day_bounds(date_from=date_from, date_to=date_to)
    counted = (
        rows.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(counted_day=TruncDate(field, tzinfo=UTC))
        .values("counted_day")
        .annotate(counted=Count("pk"))
        .order_by()
    )
    return {row["counted_day"]: row["counted"] for row in counted}
