"""Company applications in the offers API's family and envelope (/api/apply/company…, /api/applications/company…):
thin views over companies.applications, which holds every rule and write."""

from datetime import timedelta
from typing import Any

from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from companies import login_throttle
from companies.applications import selectors
from companies.applications.services import (
    REVIEW_PERMISSION,
    company_application_approve,
    company_application_check_limits,
    company_application_reject,
    company_application_submit,
    company_application_validate,
)
from companies.exceptions import ApplicationRefused, ApplicationRulesBroken, SignUpLimited
from companies.models import ApplicationState, CompanyApplication
from companies.validators import COMPANY_NAME_MAX
from offers.actors import Actor
from plumbing.input_rules import parse_ascii_int
from plumbing.times import iso_z

from .errors import error_response
from .messages import CONFLICT, FORBIDDEN, ApiError, FieldError, invalid, refused
from .parsing import contains_nul, parse_id
from .query import query_dates, query_error
from .views import COMMON_ERRORS, ERR, GOD_HEADER, OffersAPIView
from .writes import INSUFFICIENT_PERMISSIONS

# Model field → JSON field.
API_NAMES = {"email": "email", "password": "password", "company_name": "companyName", "motivation": "motivation"}
SEARCH_LIMIT_MAX, SEARCH_LIMIT_DEFAULT = 100, 20
STATES = [state.value for state in ApplicationState]


def _iso(value: Any) -> str | None:
    return iso_z(value) if value else None


def application_json(application: CompanyApplication) -> dict[str, Any]:
    """Never the password, nor its hash, nor the token."""
    return {
        "id": str(application.pk),
        "email": application.email,
        "companyName": application.company_name,
        "motivation": application.motivation,
        "submittedAt": _iso(application.submitted_at),
        "validatedAt": _iso(application.validated_at),
        "approvedAt": _iso(application.reviewed_at) if application.state == ApplicationState.APPROVED else None,
        "rejectedAt": _iso(application.reviewed_at) if application.state == ApplicationState.REJECTED else None,
        "rejectReason": application.reject_reason or None,
        "state": application.state,
        "companyId": str(application.company_id) if application.company_id else None,
    }


# --- Schema shapes ---------------------------------------------------------------------------------------------


class CompanyApplicationSerializer(serializers.Serializer):
    id = serializers.CharField()
    email = serializers.EmailField()
    companyName = serializers.CharField()
    motivation = serializers.CharField()
    submittedAt = serializers.DateTimeField()
    validatedAt = serializers.DateTimeField(allow_null=True)
    approvedAt = serializers.DateTimeField(allow_null=True)
    rejectedAt = serializers.DateTimeField(allow_null=True)
    rejectReason = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(STATES)
    companyId = serializers.CharField(allow_null=True, help_text="The company created on approval.")


class CompanyApplySerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Not used by an account or another application that is not rejected.")
    password = serializers.CharField(
        min_length=8, help_text="At least 8 characters with a digit; passes the password validators."
    )
    companyName = serializers.CharField(min_length=2, max_length=100, help_text="2–100 characters after trimming.")
    motivation = serializers.CharField(min_length=10, max_length=1500)


class ApplicationSearchResultSerializer(serializers.Serializer):
    applications = CompanyApplicationSerializer(many=True)
    docCount = serializers.IntegerField()


class ApplicationApprovedSerializer(serializers.Serializer):
    applicationId = serializers.CharField()
    companyId = serializers.CharField()


class RejectReasonSerializer(serializers.Serializer):
    rejectReason = serializers.CharField(min_length=10, max_length=1500)
    god_token = serializers.CharField(required=False)


class ReviewSerializer(serializers.Serializer):
    god_token = serializers.CharField(required=False)


# --- Refusals --------------------------------------------------------------------------------------------------


def _rules_refused(error: ApplicationRulesBroken, values: dict[str, object]) -> ApiError:
    return invalid(
        [
            FieldError(API_NAMES.get(name, name), rule.code, None if name == "password" else values.get(name))
            for name, rule in error.rules.items()
        ]
    )


def _refusal(error: ApplicationRefused, application_id: object = None) -> ApiError:
    msg = f"{error.code}:{application_id}" if error.status == 404 and application_id is not None else error.code
    code = CONFLICT if error.status == 409 else FORBIDDEN
    return ApiError(error.status, code, [FieldError(param="", msg=msg, location="")])


def _limited(error: SignUpLimited) -> Response:
    response = error_response(429, FORBIDDEN, [FieldError("", "too-many-sign-up-attempts", location="")])
    response["Retry-After"] = str(error.retry_after)
    return response


def can_review(actor: Actor) -> bool:
    """God mode, superusers, and staff holding the review permission (the people mailed about new applications)."""
    if actor.kind == "god":
        return True
    user: Any = actor.user
    return bool(
        user is not None
        and user.is_active
        and (user.is_superuser or (user.is_staff and user.has_perm(REVIEW_PERMISSION)))
    )


def _moderation_actor(actor: Actor) -> object:
    return actor.user if actor.user is not None else actor.label


class CompanyApplicationView(OffersAPIView):
    def require_reviewer(self) -> Actor:
        actor = self.actor
        if not can_review(actor):
            raise refused(INSUFFICIENT_PERMISSIONS, 401)
        return actor

    def application_pk(self, application_id: str) -> int:
        pk = parse_id(application_id)
        if pk is None or selectors.company_application_get(application_id=pk) is None:
            raise refused(f"no-application-found-with-id:{application_id}", 404)
        return pk


class PublicApplicationView(CompanyApplicationView):
    """Anyone may call these, with no session: they need no CSRF token (a session's user is not consulted)."""

    def get_authenticators(self):
        return []


# --- Endpoints -------------------------------------------------------------------------------------------------


class CompanyApplyView(PublicApplicationView):
    @extend_schema(
        operation_id="apply_company",
        request=CompanyApplySerializer,
        responses={200: CompanyApplicationSerializer, 429: ERR, **COMMON_ERRORS},
    )
    def post(self, request):
        body = self.body
        try:
            company_application_check_limits(ip=login_throttle.client_ip(request._request), email=body.get("email"))
        except SignUpLimited as error:
            return _limited(error)
        values = {name: body.get(api) for name, api in API_NAMES.items()}
        errors = [
            FieldError(API_NAMES[name], "must-be-string", None if name == "password" else value)
            for name, value in values.items()
            if value is not None and (not isinstance(value, str) or contains_nul(value))
        ]
        if errors:
            raise invalid(errors)
        text = {name: value if isinstance(value, str) else "" for name, value in values.items()}
        try:
            application = company_application_submit(
                email=text["email"],
                password=text["password"],
                company_name=text["company_name"],
                motivation=text["motivation"],
            )
        except ApplicationRulesBroken as error:
            raise _rules_refused(error, values) from None
        return Response(application_json(application))


class CompanyApplyConfirmView(PublicApplicationView):
    @extend_schema(
        operation_id="apply_company_validate",
        request=None,
        responses={200: CompanyApplicationSerializer, 409: ERR, 410: ERR, **COMMON_ERRORS},
    )
    def post(self, request, token):
        try:
            application = company_application_validate(token=token)
        except ApplicationRefused as error:
            raise _refusal(error) from None
        return Response(application_json(application))


def search_params(params: QueryDict) -> selectors.ApplicationSearch:
    """The search's query string, validated like body fields (422, location "query")."""
    errors: list[FieldError] = []
    if any(contains_nul(value) for _, values in params.lists() for value in values):
        raise invalid([query_error("query", "must-be-string", None)])
    name = params.get("companyName", "")
    if len(name) > COMPANY_NAME_MAX:
        errors.append(query_error("companyName", f"max-length-exceeded:{COMPANY_NAME_MAX}", name))
    states = params.getlist("state") + params.getlist("state[]")
    if any(state not in STATES for state in states):
        errors.append(query_error("state", "must-be-in:[" + ", ".join(STATES) + "]", states))
    dates, date_errors = query_dates(params, ("submissionDateFrom", "submissionDateTo"))
    errors.extend(date_errors)
    raw_to, parsed_to = params.get("submissionDateTo"), dates.get("submissionDateTo")
    if parsed_to is not None and raw_to is not None and "T" not in raw_to:
        # A date alone means all of that day, as a reader means "submitted up to 1 May".
        dates["submissionDateTo"] = parsed_to + timedelta(days=1, microseconds=-1)
    start, end = dates.get("submissionDateFrom"), dates.get("submissionDateTo")
    if start and end and end < start:
        errors.append(query_error("submissionDateTo", "must-be-after:submissionDateFrom", params["submissionDateTo"]))
    sort_by = params.get("sortBy", "submittedAt")
    if sort_by not in selectors.SORT_FIELDS:
        errors.append(query_error("sortBy", "must-be-in:[" + ", ".join(selectors.SORT_FIELDS) + "]", sort_by))
    descending = params.get("descending", "false")
    if descending not in ("true", "false"):
        errors.append(query_error("descending", "must-be-boolean", descending))
    numbers = {}
    for param, low, high, default in (
        ("limit", 1, SEARCH_LIMIT_MAX, SEARCH_LIMIT_DEFAULT),
        ("offset", 0, 2**31 - 1, 0),
    ):
        raw = params.get(param)
        value = parse_ascii_int(raw) if raw is not None else default
        if value is None:
            errors.append(query_error(param, "must-be-int", raw))
        elif param == "limit" and not low <= value <= high:
            errors.append(query_error(param, f"size-must-be-between:[{low},{high}]", raw))
        elif not low <= value <= high:
            errors.append(query_error(param, f"must-be-greater-than-or-equal-to-{low}", raw))
        else:
            numbers[param] = value
    if errors:
        raise invalid(errors)
    return selectors.ApplicationSearch(
        company_name=name,
        states=tuple(dict.fromkeys(states)),
        submitted_from=start,
        submitted_to=end,
        sort_by=sort_by,
        descending=descending == "true",
        limit=numbers["limit"],
        offset=numbers["offset"],
    )


class CompanyApplicationSearchView(CompanyApplicationView):
    @extend_schema(
        operation_id="applications_company_search",
        parameters=[
            OpenApiParameter("companyName", str, description="Substring of the company name, any case"),
            OpenApiParameter("state", str, many=True, enum=STATES, description="Repeatable"),
            OpenApiParameter("submissionDateFrom", str, description="ISO 8601; submitted at or after"),
            OpenApiParameter("submissionDateTo", str, description="ISO 8601; submitted at or before"),
            OpenApiParameter("sortBy", str, enum=list(selectors.SORT_FIELDS), description="Default submittedAt"),
            OpenApiParameter("descending", bool, description="Default false"),
            OpenApiParameter("limit", int, description="1–100, default 20"),
            OpenApiParameter("offset", int, description="Default 0"),
            GOD_HEADER,
        ],
        responses={200: ApplicationSearchResultSerializer, **COMMON_ERRORS},
    )
    def get(self, request):
        self.require_reviewer()
        applications, count = selectors.company_applications_search(search=search_params(request.query_params))
        return Response({"applications": [application_json(a) for a in applications], "docCount": count})


class CompanyApplicationApproveView(CompanyApplicationView):
    @extend_schema(
        operation_id="applications_company_approve",
        request=ReviewSerializer,
        responses={200: ApplicationApprovedSerializer, 409: ERR, **COMMON_ERRORS},
    )
    def post(self, request, application_id):
        actor = self.require_reviewer()
        pk = self.application_pk(application_id)
        try:
            application = company_application_approve(application_id=pk, actor=_moderation_actor(actor))
        except ApplicationRefused as error:
            raise _refusal(error, application_id) from None
        return Response({"applicationId": str(application.pk), "companyId": str(application.company_id)})


class CompanyApplicationRejectView(CompanyApplicationView):
    @extend_schema(
        operation_id="applications_company_reject",
        request=RejectReasonSerializer,
        responses={200: CompanyApplicationSerializer, 409: ERR, **COMMON_ERRORS},
    )
    def post(self, request, application_id):
        actor = self.require_reviewer()
        pk = self.application_pk(application_id)
        reason = self.body.get("rejectReason")
        if not isinstance(reason, str) or contains_nul(reason):
            msg = "required" if reason is None else "must-be-string"
            raise invalid([FieldError("rejectReason", msg, None)])
        try:
            application = company_application_reject(
                application_id=pk, reject_reason=reason, actor=_moderation_actor(actor)
            )
        except ApplicationRulesBroken as error:
            raise invalid([FieldError("rejectReason", rule.code, reason) for rule in error.rules.values()]) from None
        except ApplicationRefused as error:
            raise _refusal(error, application_id) from None
        return Response(application_json(application))
