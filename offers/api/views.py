"""Offers API (/api/offers/…, /api/company/…, /api/auth/…): thin views over offers.services and selectors."""

from collections.abc import Callable

from django.contrib.auth import login, logout
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from companies import login_throttle
from companies.selectors import company_for_user
from companies.validators import is_email
from offers import exceptions as exc
from offers import selectors
from offers.actors import Actor
from offers.models import FIELDS, JOB_TYPES, TECHNOLOGIES
from plumbing.api_input import BoundedJSONParser, CheckedInputMixin, TextSafeJSONRenderer

from . import writes
from .auth import GOD_TOKEN_HEADER, actor_for_user, resolve_actor
from .errors import error_response, offers_exception_handler
from .messages import FORBIDDEN, FieldError, invalid, refused
from .parsing import parse_id
from .query import concurrent_window_errors, search_params_errors
from .serializers import (
    AdminReasonSerializer,
    CompanySerializer,
    GodTokenSerializer,
    LoginSerializer,
    MaxOffersSerializer,
    MeSerializer,
    OfferEditSerializer,
    OfferSearchResultSerializer,
    OfferSerializer,
    OffersErrorSerializer,
    OfferWriteSerializer,
    company_json,
    offer_json,
)

ERR = OpenApiResponse(OffersErrorSerializer)
COMMON_ERRORS = {401: ERR, 403: ERR, 404: ERR, 422: ERR, 500: ERR}
# God mode on reads: a header, never the query string (URLs are logged); writes may carry god_token in the body.
GOD_HEADER = OpenApiParameter(
    GOD_TOKEN_HEADER, str, location=OpenApiParameter.HEADER, required=False, description="God mode token"
)


class OffersAPIView(CheckedInputMixin, APIView):
    # The mixin's own, restated here so one definition wins over APIView's differently typed ones.
    parser_classes = [BoundedJSONParser]
    renderer_classes = [TextSafeJSONRenderer]
    authentication_classes = [SessionAuthentication]
    permission_classes = []

    def get_exception_handler(self):
        return offers_exception_handler

    @property
    def actor(self) -> Actor:
        if not hasattr(self, "_actor"):
            self._actor = resolve_actor(self.request)
        return self._actor

    @property
    def body(self) -> dict:
        data = self.request.data
        if not isinstance(data, dict):
            raise invalid([FieldError("body", "must-be-object", None)])
        return data

    @property
    def admin_reason(self):
        # Checked by the service after the caller's role, so a bad body never hides a 401.
        data = self.request.data
        return data.get("adminReason") if isinstance(data, dict) else None

    def offer(self, offer, status=200) -> Response:
        # Services return the offer as stored after their write.
        return Response(offer_json(offer, self.actor), status=status)


class LoginView(OffersAPIView):
    def get_authenticators(self):
        # Login is CSRF-exempt (it makes the session); logout is an unsafe request with one.
        request = getattr(self, "request", None)
        return [] if request is not None and request.method == "POST" else super().get_authenticators()

    @extend_schema(
        operation_id="auth_login",
        request=LoginSerializer,
        responses={200: MeSerializer, 401: ERR, 422: ERR, 429: ERR},
    )
    def post(self, request):
        body = self.body
        errors = [
            # A submitted password is never echoed, not even one of the wrong type.
            FieldError(name, "required", None if name == "password" else body.get(name))
            for name in ("email", "password")
            if not isinstance(body.get(name), str) or not body.get(name)
        ]
        if not errors and not is_email(body["email"]):
            errors.append(FieldError("email", "must-be-email", body["email"]))
        if errors:
            raise invalid(errors)
        email = body["email"]
        try:
            user = login_throttle.login_attempt(
                request._request, user=login_throttle.user_for_email(email), account=email, password=body["password"]
            )
        except login_throttle.LoginThrottled as throttled:
            response = error_response(429, FORBIDDEN, [FieldError("", "too-many-login-attempts", location="")])
            response["Retry-After"] = str(throttled.retry_after)
            return response
        if user is None:
            raise refused("invalid-credentials", 401)
        login(request._request, user)
        return Response(me_json(user))

    @extend_schema(operation_id="auth_logout", request=None, responses={200: None})
    def delete(self, request):
        logout(request._request)
        return Response({})


def me_json(user) -> dict:
    actor = actor_for_user(user)
    company = company_for_user(user)
    return {
        "id": str(user.pk),
        "email": user.email,
        "isAdmin": actor.is_admin,
        "company": company_json(company) if company else None,
    }


class MeView(OffersAPIView):
    @extend_schema(operation_id="auth_me", responses={200: MeSerializer, 401: ERR})
    def get(self, request):
        if not request.user or not request.user.is_authenticated:
            raise refused("login-required", 401)
        return Response(me_json(request.user))


class OfferSearchView(OffersAPIView):
    @extend_schema(
        operation_id="offers_search",
        parameters=[
            OpenApiParameter("value", str, description="Full-text query"),
            OpenApiParameter("jobType", str, enum=JOB_TYPES),
            OpenApiParameter("fields", str, many=True, enum=FIELDS),
            OpenApiParameter("technologies", str, many=True, enum=TECHNOLOGIES),
            OpenApiParameter("jobMinDuration", int),
            OpenApiParameter("jobMaxDuration", int),
            OpenApiParameter("showHidden", bool, description="Owner and admins only"),
            OpenApiParameter("limit", int, description="1–100, default 20"),
            OpenApiParameter("queryToken", str, description="Opaque cursor from the previous page"),
            GOD_HEADER,
        ],
        responses={200: OfferSearchResultSerializer, 422: ERR},
    )
    def get(self, request):
        errors, clean = search_params_errors(request.query_params)
        if errors:
            raise invalid(errors)
        search = selectors.OfferSearch(**clean)
        try:
            offers, token = selectors.offers_search(actor=self.actor, search=search, now=timezone.now())
        except selectors.InvalidQueryToken:
            raise invalid(
                [FieldError("queryToken", "invalid-query-token", search.query_token, location="query")]
            ) from None
        return Response({"results": [offer_json(o, self.actor) for o in offers], "queryToken": token})


class OfferCreateView(OffersAPIView):
    @extend_schema(
        operation_id="offers_create",
        request=OfferWriteSerializer,
        responses={201: OfferSerializer, 409: ERR, **COMMON_ERRORS},
    )
    def post(self, request):
        offer = writes.offer_create(actor=self.actor, body=request.data)
        return self.offer(offer, status=201)


class OfferEditView(OffersAPIView):
    @extend_schema(
        operation_id="offers_edit",
        request=OfferEditSerializer,
        responses={200: OfferSerializer, 409: ERR, **COMMON_ERRORS},
    )
    def post(self, request, offer_id):
        return self.offer(writes.offer_edit(actor=self.actor, offer_id=offer_id, body=request.data))


class OfferDetailView(OffersAPIView):
    @extend_schema(operation_id="offers_retrieve", parameters=[GOD_HEADER], responses={200: OfferSerializer, 404: ERR})
    def get(self, request, offer_id):
        pk = parse_id(offer_id)
        offer = selectors.offer_get(actor=self.actor, offer_id=pk, now=timezone.now()) if pk is not None else None
        if offer is None:
            raise exc.OfferNotFound(offer_id)
        return Response(offer_json(offer, self.actor))


def _offer_action_schema(name: str, request_serializer: type = GodTokenSerializer) -> Callable:
    return extend_schema(
        operation_id=f"offers_{name}",
        request=request_serializer,
        responses={200: OfferSerializer, 409: ERR, **COMMON_ERRORS},
    )


class OfferHideView(OffersAPIView):
    @_offer_action_schema("hide")
    def post(self, request, offer_id):
        return self.offer(writes.offer_hide(actor=self.actor, offer_id=offer_id))


class OfferDisableView(OffersAPIView):
    @_offer_action_schema("disable", AdminReasonSerializer)
    def post(self, request, offer_id):
        return self.offer(writes.offer_disable(actor=self.actor, offer_id=offer_id, reason=self.admin_reason))


class OfferEnableView(OffersAPIView):
    @_offer_action_schema("enable")
    def put(self, request, offer_id):
        return self.offer(writes.offer_enable(actor=self.actor, offer_id=offer_id))


class OfferArchiveView(OffersAPIView):
    @_offer_action_schema("archive")
    def put(self, request, offer_id):
        return self.offer(writes.offer_archive(actor=self.actor, offer_id=offer_id))


class CompanyOffersView(OffersAPIView):
    @extend_schema(
        operation_id="offers_for_company",
        parameters=[GOD_HEADER],
        responses={200: OfferSerializer(many=True), 404: ERR},
    )
    def get(self, request, company_id):
        company = writes.find_company(company_id)
        offers = selectors.offers_for_company(actor=self.actor, company=company, now=timezone.now())
        return Response([offer_json(o, self.actor) for o in offers])


def _company_action_schema(name: str, request_serializer: type = GodTokenSerializer) -> Callable:
    return extend_schema(
        operation_id=f"company_{name}",
        request=request_serializer,
        responses={200: CompanySerializer, **COMMON_ERRORS},
    )


class CompanyBlockView(OffersAPIView):
    @_company_action_schema("block", AdminReasonSerializer)
    def put(self, request, company_id):
        company = writes.company_moderate(
            actor=self.actor, company_id=company_id, action="block", reason=self.admin_reason
        )
        return Response(company_json(company))


class CompanyUnblockView(OffersAPIView):
    @_company_action_schema("unblock")
    def put(self, request, company_id):
        return Response(
            company_json(writes.company_moderate(actor=self.actor, company_id=company_id, action="unblock"))
        )


class CompanyDisableView(OffersAPIView):
    @_company_action_schema("disable")
    def put(self, request, company_id):
        return Response(
            company_json(writes.company_moderate(actor=self.actor, company_id=company_id, action="disable"))
        )


class CompanyEnableView(OffersAPIView):
    @_company_action_schema("enable")
    def put(self, request, company_id):
        return Response(company_json(writes.company_moderate(actor=self.actor, company_id=company_id, action="enable")))


class CompanyMaxOffersView(OffersAPIView):
    @extend_schema(
        operation_id="company_has_reached_max_concurrent_offers",
        parameters=[
            OpenApiParameter("publishDate", str, description="ISO 8601; default now"),
            OpenApiParameter("publishEndDate", str, description="ISO 8601; default publishDate + 6 months"),
            GOD_HEADER,
        ],
        responses={200: MaxOffersSerializer, **COMMON_ERRORS},
    )
    def get(self, request, company_id):
        company = writes.require_company_or_admin(self.actor, company_id)
        errors, window = concurrent_window_errors(request.query_params, now=timezone.now())
        if errors or window is None:
            raise invalid(errors)
        start, end = window
        reached = selectors.company_has_reached_max_concurrent_offers(
            company=company, publish_date=start, publish_end_date=end
        )
        return Response({"maxOffersReached": reached})


class UnknownPathView(OffersAPIView):
    """Any other path under /api/ answers in the offers error shape."""

    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise refused("not-found", 404)

    get = post = put = patch = delete = http_method_not_allowed
