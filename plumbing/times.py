"""Times as both APIs and the webhooks write them."""

from datetime import UTC, datetime


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
