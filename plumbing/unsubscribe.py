"""Unsubscribe links: one URL for every mail that can be turned off ({SITE_URL}/unsubscribe/{token}).

The token is signed (django.core.signing, with its own salt), never stored: it names what it turns off, as a
token kind ("staff" for a staff member's notification, later "alert" for saved-search alerts) and a payload that
kind's owner reads. jobboard's view checks the signature, then hands the payload to the owner of its kind.
Tokens do not expire: a mail client's one-click POST may come months after the mail."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.urls import reverse

from .mail import absolute_url

SALT = "jobboard.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeToken:
    kind: str
    payload: dict[str, Any]


def unsubscribe_token_make(*, kind: str, payload: dict[str, Any]) -> str:
    return signing.dumps({"k": kind, "p": payload}, salt=SALT, compress=True)


def unsubscribe_token_read(token: str) -> UnsubscribeToken | None:
    """The token's kind and payload, or None for a token this site did not sign (or one damaged on the way)."""
    try:
        data = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError):  # ValueError: bytes that do not decode, in a token forged whole
        return None
    if not isinstance(data, dict) or not isinstance(data.get("k"), str) or not isinstance(data.get("p"), dict):
        return None
    return UnsubscribeToken(kind=data["k"], payload=data["p"])


def unsubscribe_url(*, kind: str, payload: dict[str, Any]) -> str:
    """The absolute link a mail names in its List-Unsubscribe header and its footer."""
    return absolute_url(reverse("unsubscribe", args=[unsubscribe_token_make(kind=kind, payload=payload)]))
