"""The links of saved-search alert mail: confirm (a random token, stored hashed), unsubscribe (one alert, signed)
and manage (one address, signed). Signed links need no stored secret; each kind has its own salt, so one link can
never be replayed as another."""

import hashlib
import secrets
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from plumbing.mail import absolute_url
from plumbing.unsubscribe import unsubscribe_url as plumbing_unsubscribe_url

_MANAGE_SALT = "jobboard.alerts.manage"
# A manage link lists and deletes an address's alerts: it lapses, and every digest carries a fresh one.
MANAGE_LINK_MAX_AGE = timedelta(days=60)


def confirm_token_new() -> tuple[str, str]:
    """A confirmation token for the mail and its hash for the database."""
    token = secrets.token_urlsafe(32)
    return token, confirm_token_hash(token)


def confirm_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirm_url(token: str) -> str:
    return absolute_url(reverse("alert-confirm", args=[token]))


# The kind of the alerts' tokens in the site's one unsubscribe link (plumbing.unsubscribe, jobboard.unsubscribe).
UNSUBSCRIBE_KIND = "alert"


def unsubscribe_url(alert_id: int) -> str:
    """{SITE_URL}/unsubscribe/{token}, as every mail that can be turned off names it; never lapses, since
    List-Unsubscribe must work for as long as the mail is kept."""
    return plumbing_unsubscribe_url(kind=UNSUBSCRIBE_KIND, payload={"alert": alert_id})


def manage_token(email: str) -> str:
    return signing.dumps(email, salt=_MANAGE_SALT, compress=True)


def manage_email(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=_MANAGE_SALT, max_age=MANAGE_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, str) else None


def manage_url(email: str) -> str:
    return absolute_url(reverse("alert-manage", args=[manage_token(email)]))


def board_url(query: str) -> str:
    return absolute_url(f"{reverse('home')}?{query}" if query else reverse("home"))
