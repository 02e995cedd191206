"""Company rules as pure functions returning {field name: message}; the dashboard forms and the services share them.

Profile errors are keyed by Company model field; card errors by the service's parameter names (number, expiry,
cvc), since none of those is ever stored.
"""

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

NAME_MAX = 200
LOGO_URL_MAX = 200  # Company.logo_url is a URLField of Django's default length
BIO_MAX = 5000
CONTACT_MAX = 200
CONTACTS_MAX = 10
PARTNER_KEY_LABEL_MAX = 100
# Staff sign in by email and the email doubles as the username, whose column holds 150 characters.
STAFF_EMAIL_MAX = 150

CARD_NUMBER_MIN, CARD_NUMBER_MAX = 12, 19
# A card further ahead than this is a typo in the year, not a real card.
CARD_EXPIRY_MAX_YEARS = 20

_http_url = URLValidator(schemes=["http", "https"])
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]*$")
_PHONE_MIN_DIGITS = 6
_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*$")

CARD_BRANDS = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "discover": "Discover",
    "card": "Card",
}


# --- Profile -------------------------------------------------------------------------------------------------------


def name_errors(name: str) -> dict[str, str]:
    name = (name or "").strip()
    if not name:
        return {"name": "Enter your company's name."}
    if len(name) > NAME_MAX:
        return {"name": f"Keep the name to {NAME_MAX} characters or fewer (it has {len(name)})."}
    return {}


def logo_url_errors(logo_url: str) -> dict[str, str]:
    """Blank is fine (no logo); otherwise a full http(s) address, since it lands in <img src> on public pages."""
    logo_url = (logo_url or "").strip()
    if not logo_url:
        return {}
    if len(logo_url) > LOGO_URL_MAX:
        return {"logo_url": f"Keep the logo address to {LOGO_URL_MAX} characters or fewer (it has {len(logo_url)})."}
    try:
        _http_url(logo_url)
    except ValidationError:
        return {"logo_url": "Enter a full web address starting with https://, such as https://example.com/logo.png."}
    return {}


def bio_errors(bio: str) -> dict[str, str]:
    if len(bio or "") > BIO_MAX:
        return {"bio": f"Keep the bio to {BIO_MAX} characters or fewer (it has {len(bio)})."}
    return {}


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _is_phone(value: str) -> bool:
    return bool(_PHONE.match(value)) and sum(c.isdigit() for c in value) >= _PHONE_MIN_DIGITS


def contacts_errors(contacts: list[str]) -> dict[str, str]:
    """Each contact is one email address or phone number; at most CONTACTS_MAX of them."""
    if len(contacts) > CONTACTS_MAX:
        return {"contacts": f"List at most {CONTACTS_MAX} contacts (there are {len(contacts)})."}
    for line, contact in enumerate(contacts, start=1):
        contact = (contact or "").strip() if isinstance(contact, str) else ""
        if not contact:
            return {"contacts": f"Contact {line} is empty. Remove it or enter an email address or phone number."}
        if len(contact) > CONTACT_MAX:
            return {"contacts": f"Contact {line} is longer than {CONTACT_MAX} characters."}
        if not (is_email(contact) or _is_phone(contact)):
            return {"contacts": f"Contact {line} (“{contact}”) is neither an email address nor a phone number."}
    return {}


def company_profile_errors(*, name: str, logo_url: str, bio: str, contacts: list[str]) -> dict[str, str]:
    return {
        **name_errors(name),
        **logo_url_errors(logo_url),
        **bio_errors(bio),
        **contacts_errors(contacts),
    }


# --- Payment card --------------------------------------------------------------------------------------------------


def normalize_card_number(number: str) -> str:
    """People type card numbers in groups; spaces and dashes carry no meaning."""
    return re.sub(r"[\s-]", "", number or "")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def card_number_errors(number: str) -> dict[str, str]:
    """Never echoes the number back: error text may be logged or shown on a page."""
    digits = normalize_card_number(number)
    if not digits:
        return {"number": "Enter the card number."}
    if not (digits.isascii() and digits.isdigit()):
        return {"number": "A card number has only digits (spaces and dashes between groups are fine)."}
    if not CARD_NUMBER_MIN <= len(digits) <= CARD_NUMBER_MAX:
        count = len(digits)
        return {"number": f"A card number has {CARD_NUMBER_MIN} to {CARD_NUMBER_MAX} digits; this one has {count}."}
    if not _luhn_ok(digits):
        return {"number": "This card number is not valid. Check it for a mistyped digit."}
    return {}


def card_brand(number: str) -> str:
    """The network, from the leading digits; "card" when we do not recognise it."""
    digits = normalize_card_number(number)
    if digits.startswith("4"):
        return "visa"
    if digits[:2] in {"51", "52", "53", "54", "55"} or (digits[:4].isdigit() and 2221 <= int(digits[:4]) <= 2720):
        return "mastercard"
    if digits[:2] in {"34", "37"}:
        return "amex"
    if digits.startswith("6011") or digits.startswith("65"):
        return "discover"
    return "card"


def parse_card_expiry(value: str) -> tuple[int, int] | None:
    """ "MM/YY" or "MM/YYYY" → (month, four-digit year); None when it is not in that shape."""
    match = _EXPIRY.match(value or "")
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    return month, year + 2000 if year < 100 else year


def card_expiry_errors(exp_month: int, exp_year: int, *, now: datetime) -> dict[str, str]:
    """A card works through the last day of its expiry month."""
    if not 1 <= exp_month <= 12:
        return {"expiry": "The month must be between 01 and 12."}
    if (exp_year, exp_month) < (now.year, now.month):
        return {"expiry": "This card has expired. Use a card that is still valid."}
    if exp_year > now.year + CARD_EXPIRY_MAX_YEARS:
        return {"expiry": "Check the year: cards do not stay valid that long."}
    return {}


def card_cvc_errors(cvc: str) -> dict[str, str]:
    cvc = (cvc or "").strip()
    if not (cvc.isascii() and cvc.isdigit() and 3 <= len(cvc) <= 4):
        return {"cvc": "The security code is the 3 or 4 digits on the card (on the back, or the front for Amex)."}
    return {}


# --- Partner keys and team -----------------------------------------------------------------------------------------


def partner_key_label_errors(label: str) -> dict[str, str]:
    if len(label or "") > PARTNER_KEY_LABEL_MAX:
        return {"label": f"Keep the label to {PARTNER_KEY_LABEL_MAX} characters or fewer."}
    return {}


def staff_email_errors(email: str) -> dict[str, str]:
    email = (email or "").strip()
    if not email:
        return {"email": "Enter your colleague's email address."}
    if len(email) > STAFF_EMAIL_MAX:
        return {"email": f"Email addresses here can have at most {STAFF_EMAIL_MAX} characters."}
    if not is_email(email):
        return {"email": "Enter a valid email address, such as name@example.com."}
    return {}


def staff_password_errors(password: str, *, email: str) -> dict[str, str]:
    """Django's configured password validators, judged against the account the password is for."""
    # The username is the email too; leaving it out makes the similarity message name "email address", which is
    # what a person typed, rather than a "username" they never chose.
    would_be_user = get_user_model()(email=(email or "").strip().lower())
    try:
        validate_password(password or "", user=would_be_user)
    except ValidationError as error:
        return {"password": " ".join(error.messages)}
    return {}


# --- Company applications (self sign-up) ---------------------------------------------------------------------------

APPLICATION_PASSWORD_MIN = 8
COMPANY_NAME_MIN, COMPANY_NAME_MAX = 2, 100
MOTIVATION_MIN, MOTIVATION_MAX = 10, 1500
REJECT_REASON_MIN, REJECT_REASON_MAX = 10, 1500

# The API's msg for each rule (the offers API's words where it has one), matched on by clients.
REQUIRED = "required"
MUST_BE_EMAIL = "must-be-email"
EMAIL_ALREADY_EXISTS = "email-already-exists"
MUST_CONTAIN_NUMBERS = "must-contain-numbers"
WEAK_PASSWORD = "weak-password"


@dataclass(frozen=True)
class FieldRule:
    """A broken rule of one field: `code` is what the API answers (`below-min-length:8`), `text` what a person
    reads next to the field."""

    code: str
    text: str


def _length_rule(value: str, *, low: int, high: int, what: str) -> FieldRule | None:
    if not value:
        return FieldRule(REQUIRED, f"Enter {what}.")
    if len(value) < low:
        return FieldRule(f"below-min-length:{low}", f"Use at least {low} characters (it has {len(value)}).")
    if len(value) > high:
        return FieldRule(f"max-length-exceeded:{high}", f"Keep it to {high} characters or fewer (it has {len(value)}).")
    return None


def application_email_errors(email: str, *, taken: bool) -> dict[str, FieldRule]:
    """`taken`: an account, or an application that is not rejected, already uses the address (the service looks)."""
    email = (email or "").strip()
    if not email:
        return {"email": FieldRule(REQUIRED, "Enter your work email address.")}
    if len(email) > STAFF_EMAIL_MAX or not is_email(email):
        return {"email": FieldRule(MUST_BE_EMAIL, "Enter a valid email address, such as name@example.com.")}
    if taken:
        text = "This email address already has an account or an application. Log in with it, or use another one."
        return {"email": FieldRule(EMAIL_ALREADY_EXISTS, text)}
    return {}


def application_password_errors(password: str, *, email: str) -> dict[str, FieldRule]:
    """At least 8 characters with a digit, and Django's configured validators (judged against the email)."""
    password = password or ""
    if not password:
        return {"password": FieldRule(REQUIRED, "Choose a password.")}
    if len(password) < APPLICATION_PASSWORD_MIN:
        text = f"Use at least {APPLICATION_PASSWORD_MIN} characters (it has {len(password)})."
        return {"password": FieldRule(f"below-min-length:{APPLICATION_PASSWORD_MIN}", text)}
    if not any(c.isdigit() for c in password):
        return {"password": FieldRule(MUST_CONTAIN_NUMBERS, "Include at least one digit (0–9).")}
    weak = staff_password_errors(password, email=email)
    if weak:
        return {"password": FieldRule(WEAK_PASSWORD, weak["password"])}
    return {}


def company_name_errors(company_name: str) -> dict[str, FieldRule]:
    rule = _length_rule(
        (company_name or "").strip(), low=COMPANY_NAME_MIN, high=COMPANY_NAME_MAX, what="your company's name"
    )
    return {"company_name": rule} if rule else {}


def motivation_errors(motivation: str) -> dict[str, FieldRule]:
    rule = _length_rule(
        (motivation or "").strip(), low=MOTIVATION_MIN, high=MOTIVATION_MAX, what="why you want to join"
    )
    return {"motivation": rule} if rule else {}


def company_application_errors(
    *, email: str, password: str, company_name: str, motivation: str, email_taken: bool
) -> dict[str, FieldRule]:
    return {
        **application_email_errors(email, taken=email_taken),
        **application_password_errors(password, email=email),
        **company_name_errors(company_name),
        **motivation_errors(motivation),
    }


def reject_reason_errors(reject_reason: str) -> dict[str, FieldRule]:
    rule = _length_rule((reject_reason or "").strip(), low=REJECT_REASON_MIN, high=REJECT_REASON_MAX, what="the reason")
    return {"reject_reason": rule} if rule else {}


# --- Webhooks ------------------------------------------------------------------------------------------------------

WEBHOOK_URL_MAX = 2000


def webhook_url_errors(url: object) -> dict[str, str]:
    """The shape of an endpoint URL: http(s), a host, nothing a POST could not use. Where it points is judged
    by webhook_address_refusal once the host is resolved."""
    if not isinstance(url, str) or not url.strip():
        return {"url": "Enter the URL that should receive the events, such as https://ats.example/hooks/jobboard."}
    if len(url) > WEBHOOK_URL_MAX:
        return {"url": f"Keep the URL to {WEBHOOK_URL_MAX} characters or fewer (it has {len(url)})."}
    if not url.isascii() or any(c <= " " or c == "\x7f" for c in url):
        return {"url": "The URL has spaces or characters that are not allowed; percent-encode them."}
    try:
        # Raises on a malformed bracketed host, such as http://[::1 or http://[example.com]/.
        parts = urlsplit(url)
    except ValueError:
        return {"url": "The host in the URL is not valid (an IPv6 address goes in brackets: https://[2001:db8::1]/)."}
    if parts.scheme.lower() not in ("http", "https"):
        return {"url": "The URL must start with https:// (or http://)."}
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        return {"url": "The port in the URL is not a number between 0 and 65535."}
    if not parts.hostname:
        return {"url": "The URL has no host name."}
    if parts.username is not None or parts.password is not None:
        return {"url": "Credentials in the URL are not supported: verify deliveries with the signature instead."}
    return {}


def webhook_events_errors(events: object, *, known: tuple[str, ...]) -> dict[str, str]:
    choices = ", ".join(known)
    if not isinstance(events, list) or not events:
        return {"events": f"Choose at least one event: {choices}."}
    for i, event in enumerate(events):
        if event not in known:
            return {f"events[{i}]": f"Unknown event {event!r}; choose from {choices}."}
    return {}


# The same words for every refused address: naming the address (or its kind) would tell a company what our
# internal DNS names resolve to.
WEBHOOK_ADDRESS_REFUSAL = (
    "The URL must resolve to public addresses only, not to a private address, a loopback address or another "
    "address inside a network; use a public address."
)
# Without WEBHOOK_ALLOW_PRIVATE_URLS only these ports are called: with any port, endpoints could be used to probe
# which ports of a public host are open (a refused connection answers at once, a filtered one times out).
WEBHOOK_PORTS = (80, 443, 8443)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a 6to4 or Teredo address tunnels to: reaching it may reach them."""
    embedded = [ip.sixtofour] if ip.sixtofour is not None else []
    return embedded + list(ip.teredo or ())


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if ip.version == 6 and ip.is_site_local:  # fec0::/10: deprecated, but still routed inside some networks
        return False
    kinds = ("is_loopback", "is_link_local", "is_multicast", "is_unspecified", "is_private", "is_reserved")
    return ip.is_global and not any(getattr(ip, kind) for kind in kinds)


def webhook_address_refusal(address: str) -> str | None:
    """Why an endpoint may not be called at this IP address, or None when it is a public one. Private, loopback,
    link-local, site-local, multicast, reserved and unspecified addresses reach our own network, not a partner's,
    and so do 6to4 and Teredo addresses tunnelling to one."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = (
        [ip, *_embedded_ipv4(ip)] if isinstance(ip, ipaddress.IPv6Address) else [ip]
    )
    if all(_is_public(candidate) for candidate in candidates):
        return None
    return WEBHOOK_ADDRESS_REFUSAL


def webhook_port_refusal(port: int) -> str | None:
    """Why an endpoint may not be called on this port, or None when it may (see WEBHOOK_PORTS)."""
    if port in WEBHOOK_PORTS:
        return None
    allowed = ", ".join(str(p) for p in WEBHOOK_PORTS[:-1]) + f" or {WEBHOOK_PORTS[-1]}"
    return f"Endpoints are called on port {allowed} only (https:// without a port uses 443), not on {port}."


# --- Staff notifications -------------------------------------------------------------------------------------------

# Only what can pile up many times a day can wait for a digest; the rest is on or off.
DIGESTIBLE_NOTIFICATIONS = frozenset({"new_application"})


def notification_deliveries_allowed(kind: str) -> tuple[str, ...]:
    """The choices a staff member has for one kind of notification."""
    return ("instant", "daily", "off") if kind in DIGESTIBLE_NOTIFICATIONS else ("instant", "off")


def notification_preference_errors(choices: Mapping[str, str], *, kinds: Iterable[str]) -> dict[str, str]:
    """Each choice must name a known kind and one of the deliveries that kind allows."""
    known = set(kinds)
    errors = {}
    for kind, delivery in choices.items():
        if kind not in known:
            errors[kind] = "There is no such notification."
        elif delivery not in notification_deliveries_allowed(kind):
            errors[kind] = "Choose one of the options shown."
    return errors
