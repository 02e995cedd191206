"""Saved-search alert rules as pure functions returning {field name: message}; the alert form and the services
share them."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .models import AlertFrequency

EMAIL_MAX = 254
# An address's alerts, confirmed or waiting for confirmation: a person follows a few searches, not a hundred.
ALERTS_PER_ADDRESS = 10
# A saved query string, normalised; the board's own limits (30 values a filter, 200 characters of words) keep a
# real search far below this.
QUERY_MAX = 4000


def alert_email_normalised(email: str) -> str:
    """The one spelling of an address that the cap, the duplicate check and the manage page compare."""
    return (email or "").strip().lower()


def alert_email_errors(email: str) -> dict[str, str]:
    email = alert_email_normalised(email)
    if not email:
        return {"email": "Enter the email address to send the alerts to."}
    if len(email) > EMAIL_MAX:
        return {"email": f"An email address has at most {EMAIL_MAX} characters."}
    try:
        validate_email(email)
    except ValidationError:
        return {"email": "Enter a valid email address, like name@example.com."}
    return {}


def alert_frequency_errors(frequency: str) -> dict[str, str]:
    if frequency not in AlertFrequency.values:
        return {"frequency": "Choose daily or weekly."}
    return {}


def alert_query_errors(query: str) -> dict[str, str]:
    if len(query) > QUERY_MAX:
        return {"query": "This search is too long to save; use fewer filters."}
    return {}


def alert_cap_errors(active_alerts: int) -> dict[str, str]:
    """`active_alerts`: the address's confirmed alerts not unsubscribed, before the new one."""
    if active_alerts >= ALERTS_PER_ADDRESS:
        return {
            "email": f"This address already has {ALERTS_PER_ADDRESS} alerts, the most one address may have. "
            "Delete one from the “manage alerts” link in any alert mail first."
        }
    return {}


def alert_errors(*, email: str, frequency: str, query: str) -> dict[str, str]:
    return {**alert_query_errors(query), **alert_frequency_errors(frequency), **alert_email_errors(email)}
