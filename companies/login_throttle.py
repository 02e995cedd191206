"""Failed-login throttling, shared by every login: the offers API, the dashboard and the admin.

Failures are counted per account (the email in account_key's one form) and per client IP in Django's cache,
which is Redis when REDIS_URL is set, so every web process sees the same counts (a process-local memory cache
otherwise).
A window opens at the first failure and closes WINDOW_SECONDS later; while an account or an IP has reached
its limit, every attempt is refused before any password is checked, the right password included. A
successful login clears the account's count, not the IP's: one valid account must not let an address go on
guessing the passwords of others.

When the cache is unreachable the throttle fails open (logged): logins keep working without it, rather than
every staff member being locked out by a cache outage.
"""

import hashlib
import logging
import math
import time
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.db.models import Q

logger = logging.getLogger(__name__)

ACCOUNT_FAILURES = 5
IP_FAILURES = 20
WINDOW_SECONDS = 15 * 60

KEY_PREFIX = "login-throttle"


class LoginThrottled(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; retry after {retry_after}s")

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class _Counter:
    count_key: str
    until_key: str
    limit: int


def client_ip(request) -> str:
    """The client's address: the peer's, or with TRUSTED_PROXY_COUNT set, the one the proxies forwarded (the XFF
    middleware has put it in REMOTE_ADDR by the time a view runs)."""
    return request.META.get("REMOTE_ADDR") or ""


def account_key(identifier: str) -> str:
    """The one form of an email (or username) that the counters and the account lookup both use.

    NFKC then casefold, so every spelling that reaches an account (PostgreSQL's UPPER() in `iexact` takes
    "ſ" for "s") counts against that account's one counter instead of opening a fresh one."""
    return unicodedata.normalize("NFKC", identifier.strip()).casefold()


def _counter(scope: str, identifier: str, limit: int) -> _Counter:
    # Hashed: the identifier is user input, and cache keys must stay short and printable whatever was sent.
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    key = f"{KEY_PREFIX}:{scope}:{digest}"
    return _Counter(count_key=key, until_key=f"{key}:until", limit=limit)


def _counters(*, account: str, ip: str) -> list[_Counter]:
    counters = [_counter("account", account_key(account), ACCOUNT_FAILURES)]
    if ip:
        counters.append(_counter("ip", ip, IP_FAILURES))
    return counters


def retry_after(*, account: str, ip: str) -> int:
    """Seconds until this account and IP may try again; 0 when neither has reached its limit."""
    counters = _counters(account=account, ip=ip)
    try:
        stored = cache.get_many([key for c in counters for key in (c.count_key, c.until_key)])
    except Exception:
        logger.warning("Login throttle unavailable (cache error); not throttling", exc_info=True)
        return 0
    now = time.time()
    waits = [
        max(1, math.ceil(stored.get(c.until_key, now + WINDOW_SECONDS) - now))
        for c in counters
        if stored.get(c.count_key, 0) >= c.limit
    ]
    return max(waits, default=0)


def record_failure(*, account: str, ip: str) -> None:
    try:
        for c in _counters(account=account, ip=ip):
            # The window is fixed at the first failure: later failures count in it without extending it.
            cache.add(c.until_key, time.time() + WINDOW_SECONDS, WINDOW_SECONDS)
            if not cache.add(c.count_key, 1, WINDOW_SECONDS):
                try:
                    cache.incr(c.count_key)
                except ValueError:  # the window closed between the two calls
                    cache.add(c.count_key, 1, WINDOW_SECONDS)
    except Exception:
        logger.warning("Login throttle unavailable (cache error); failure not counted", exc_info=True)


def record_success(*, account: str) -> None:
    counter = _counter("account", account_key(account), ACCOUNT_FAILURES)
    try:
        cache.delete_many([counter.count_key, counter.until_key])
    except Exception:
        logger.warning("Login throttle unavailable (cache error); counter not cleared", exc_info=True)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no database or hasher can take it
        return False
    return True


def _storable(text: str) -> bool:
    return _encodable(text) and "\x00" not in text  # PostgreSQL text cannot hold NUL


def user_for_email(email: str):
    """The account whose email has the same account_key as `email` (the first one, should two share it).

    The database narrows by case-insensitive equality on the key; the key itself decides, so the lookup never
    finds an account under a spelling the throttle would count apart."""
    if not _storable(email):
        return None
    key = account_key(email)
    # Both spellings: an address whose key differs from its lower case ("ß") is stored as typed.
    candidates = get_user_model().objects.filter(Q(email__iexact=key) | Q(email__iexact=email.strip())).order_by("pk")
    return next((user for user in candidates if account_key(user.email) == key), None)


def user_for_username(username: str):
    """The account with exactly this username, as Django's ModelBackend finds it."""
    if not _storable(username):
        return None
    users = get_user_model()._default_manager
    return users.filter(**{users.model.USERNAME_FIELD: username}).first()


def login_attempt(request, *, user, account: str, password: str):
    """Checks `password` for `user` (None when the submitted identifier matched no account) under the throttle.

    Returns the authenticated user, or None for a failed attempt (counted against the account and the IP).
    Raises LoginThrottled, without checking the password, while the account or the IP is over its limit.
    """
    ip = client_ip(request)
    wait = retry_after(account=account, ip=ip)
    if wait:
        raise LoginThrottled(wait)
    authenticated = None
    if not _encodable(password):
        pass  # cannot be anyone's password; counted as a failure below
    elif user is None:
        # Hash anyway, as Django's ModelBackend does for unknown usernames: an unknown email takes as long to
        # refuse as a wrong password, so the answer time does not tell whether the account exists.
        get_user_model()().set_password(password)
    else:
        authenticated = authenticate(request, username=user.get_username(), password=password)
    if authenticated is None:
        record_failure(account=account, ip=ip)
    else:
        record_success(account=account)
    return authenticated
