"""Relevance that costs what a page costs: rank a bounded set of the newest matches, never every match.

Ranking reads each match's whole document (ts_rank detoasts the tsvector), so ordering all matches of a
common word by rank grows with the data. Instead the newest CANDIDATES matches (an index walk by date, or
the full-text index for a rare word, as the planner judges) are ordered by rank (rank ≥ 0), and the older
matches follow newest first (rank -1). Keyset pages run through both tiers. Without a rank every row is rank 0,
newest first. Used by the public board and the offers API's search; the callers own their filters, cursors and
rank expressions.
"""

from datetime import datetime
from typing import Any

from django.db.models import Expression, F, IntegerField, Q, QuerySet, Value

CANDIDATES = 200
FIELDS = ("pk", "posted", "rank")


def newest_first(queryset: QuerySet[Any], *, posted: str) -> QuerySet[Any]:
    """The rows with their publish time as `posted`, newest first (ties by id), as the listing indexes run."""
    ordered: QuerySet[Any] = queryset.order_by().annotate(posted=F(posted)).order_by("-posted", "-pk")
    return ordered


def after_row(posted: datetime, pk: int) -> Q:
    """Rows after (posted, pk) in newest-first order; the redundant bound lets the index walk start there."""
    return Q(posted__lte=posted) & (Q(posted__lt=posted) | Q(posted=posted, pk__lt=pk))


def page_rows(
    matches: QuerySet[Any], *, posted: str, rank: Expression | None, position_rank: int | None, after: Q, n: int
) -> list[dict[str, Any]]:
    """The first n matches as {pk, posted, rank} dicts in (rank, posted, pk) order, descending, after a cursor
    whose rank is `position_rank` (None: from the start) and whose (posted, pk) rows come `after`. `rank` is an
    expression, or None for newest first (rank 0)."""
    newest = newest_first(matches, posted=posted)
    if rank is None:
        rows = newest.annotate(rank=Value(0, output_field=IntegerField()))
        if position_rank is not None:
            rows = rows.filter(after if position_rank == 0 else Q(rank__lt=position_rank))
        return list(rows.values(*FIELDS)[:n])
    # Fetched rather than nested as IN (subquery): the database then looks the candidates up by primary key
    # instead of joining the whole table against them, and the last one marks where the older tier starts.
    candidates = list(newest.values_list("pk", "posted")[:CANDIDATES])
    found: list[dict[str, Any]] = []
    if position_rank is None or position_rank >= 0:
        ranked = matches.model.objects.filter(pk__in=[pk for pk, _ in candidates])
        ranked = ranked.annotate(posted=F(posted), rank=rank)
        if position_rank is not None:
            ranked = ranked.filter(Q(rank__lt=position_rank) | Q(rank=position_rank) & after)
        found = list(ranked.order_by("-rank", "-posted", "-pk").values(*FIELDS)[:n])
    if len(found) < n and len(candidates) == CANDIDATES:
        oldest_pk, oldest_posted = candidates[-1]
        older = newest.filter(after_row(oldest_posted, oldest_pk))
        if position_rank is not None and position_rank < 0:
            older = older.filter(after)
        older = older.annotate(rank=Value(-1, output_field=IntegerField()))
        found += list(older.values(*FIELDS)[: n - len(found)])
    return found
