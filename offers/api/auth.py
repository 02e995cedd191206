import hmac

from django.conf import settings

from companies.selectors import company_for_user
from offers.actors import ANONYMOUS, GOD, Actor

from .messages import refused

MODERATE_PERMISSION = "offers.moderate_offer"


def actor_for_user(user) -> Actor:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    if user.is_active and (user.is_superuser or (user.is_staff and user.has_perm(MODERATE_PERMISSION))):
        return Actor("admin", user=user)
    company = company_for_user(user)
    if company is not None:
        return Actor("company", user=user, company=company)
    return Actor("anonymous", user=user)


GOD_TOKEN_HEADER = "X-God-Token"
GOD_TOKEN_FIELD = "god_token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def god_tokens_from(request) -> list:
    """The god tokens a request carries: the X-God-Token header (any method) and the body's god_token (unsafe
    methods, where a body is read).

    Never the query string: URLs are written to access logs, proxy logs and browser history, so a token sent
    there is refused outright (401 invalid-god-token, whatever its value), before it could ever work.
    """
    if GOD_TOKEN_FIELD in request.query_params:
        raise refused("invalid-god-token", 401)
    tokens = []
    if GOD_TOKEN_HEADER in request.headers:
        tokens.append(request.headers[GOD_TOKEN_HEADER])
    if request.method not in SAFE_METHODS:
        data = request.data
        if isinstance(data, dict) and GOD_TOKEN_FIELD in data:
            tokens.append(data[GOD_TOKEN_FIELD])
    return tokens


def _is_god_token(token) -> bool:
    expected = settings.GOD_TOKEN
    return bool(expected) and isinstance(token, str) and hmac.compare_digest(token.encode(), expected.encode())


def resolve_actor(request) -> Actor:
    """God mode when the request carries the right god_token (every one it carries); otherwise the session's user."""
    tokens = god_tokens_from(request)
    if tokens:
        if not all(_is_god_token(token) for token in tokens):
            raise refused("invalid-god-token", 401)
        return GOD
    return actor_for_user(request.user)
