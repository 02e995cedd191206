from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from companies.services import partner_key_authenticate

from .errors import RateLimited
from .ratelimit import partner_key_hit


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer sk_ext_…`; every failure looks the same to the caller."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, raw_key = header.partition(" ")
        if scheme.lower() != "bearer" or not raw_key.strip():
            raise exceptions.AuthenticationFailed()
        key = partner_key_authenticate(raw_key=raw_key.strip())
        if key is None:
            raise exceptions.AuthenticationFailed()
        return (key.company, key)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasPartnerKey(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.auth is not None


class PartnerKeyRateThrottle(throttling.BaseThrottle):
    def allow_request(self, request, view):
        allowed, retry_after = partner_key_hit(request.auth.pk)
        if not allowed:
            raise RateLimited(retry_after)
        return True


class PartnerKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "sk_ext_…"}
