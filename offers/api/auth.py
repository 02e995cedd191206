import hmac

from django.conf import settings

from companies.selectors import company_for_user
from offers import exceptions as exc
from offers.actors import ANONYMOUS, GOD, Actor

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


def _god_token_from(request):
    data = request.data if request.method not in ("GET", "HEAD") else None
    if isinstance(data, dict) and "god_token" in data:
        return data["god_token"]
    return request.query_params.get("god_token")


def resolve_actor(request) -> Actor:
    """God mode when the request carries the right god_token; otherwise the session's user."""
    token = _god_token_from(request)
    if token is not None:
        expected = settings.GOD_TOKEN
        if not expected or not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
            raise exc.forbidden("invalid-god-token", 401)
        return GOD
    return actor_for_user(request.user)
