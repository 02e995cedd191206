"""Every write to OfferDay: one offer's views and apply clicks per UTC day, arriving through plumbing.counting
(Redis, flushed every minute, or straight here without Redis)."""

from plumbing.counting import Additions, daily_add

from ..models import OfferDay

COUNTER_KIND = "offer"


def offer_days_add(additions: Additions) -> None:
    """Adds a batch {(offer id, day): {field: n}} into OfferDay, in the caller's transaction (the counting
    flush's)."""
    daily_add(model=OfferDay, posting_field="offer", additions=additions)
