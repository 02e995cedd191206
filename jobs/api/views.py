"""Partner jobs API (/api/external/v1/): thin views over jobs.services and jobs.selectors."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import cast

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.views import APIView

from companies.models import Company, PartnerKey
from jobs.exceptions import JobNotFound
from jobs.models import Job
from jobs.selectors import job_rows_for_company, job_rows_with_children, locations_search
from jobs.services import jobs as job_services
from plumbing.api_input import CheckedInputMixin

from .auth import HasPartnerKey, PartnerKeyAuthentication, PartnerKeyRateThrottle
from .cursors import cursor_error, cursor_time, decode_cursor, encode_cursor
from .errors import partner_exception_handler
from .idempotency import IdempotencyMixin, PartnerAutoSchema
from .serializers import (
    ErrorSerializer,
    JobCreateSerializer,
    JobInputSerializer,
    JobListQuerySerializer,
    JobListSerializer,
    JobSerializer,
    LocationQuerySerializer,
    LocationSearchSerializer,
    job_json,
    place_json,
)

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="INVALID_SERVICE_KEY"),
    429: OpenApiResponse(ErrorSerializer, description="RATE_LIMITED"),
    500: OpenApiResponse(ErrorSerializer, description="INTERNAL"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="NOT_FOUND")}
INVALID = {422: OpenApiResponse(ErrorSerializer, description="VALIDATION_FAILED, with fields")}
# A blocked or disabled company may read, pause and close, but not post, change, publish or resume.
COMPANY_REFUSED = {403: OpenApiResponse(ErrorSerializer, description="COMPANY_BLOCKED or COMPANY_DISABLED")}
PUBLISH_ERRORS = {
    402: OpenApiResponse(ErrorSerializer, description="PAYMENT_METHOD_REQUIRED"),
    409: OpenApiResponse(ErrorSerializer, description="AGREEMENT_OUTDATED or INVALID_TRANSITION"),
}


class PartnerAPIView(CheckedInputMixin, IdempotencyMixin, APIView):
    # The mixin's own, named here so one definition wins over APIView's differently typed ones.
    parser_classes = CheckedInputMixin.parser_classes
    renderer_classes = CheckedInputMixin.renderer_classes
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [HasPartnerKey]
    throttle_classes = [PartnerKeyRateThrottle]
    schema: ViewInspector | None = PartnerAutoSchema()

    def get_exception_handler(self):
        return partner_exception_handler

    @property
    def company(self) -> Company:
        # PartnerKeyAuthentication authenticates the request with its PartnerKey.
        return cast(PartnerKey, self.request.auth).company

    def job_response(self, job_id, status: int = 200) -> Response:
        rows = list(job_rows_for_company(company=self.company).filter(pk=job_id))
        if not rows:
            raise JobNotFound()
        return Response(job_json(job_rows_with_children(rows)[0], now=timezone.now()), status=status)

    def validated_query(self, serializer_class):
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def validated_body(self, serializer_class=JobInputSerializer, **kwargs) -> JobInputSerializer:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer


def _encode_cursor(created_at: datetime, pk) -> str:
    return encode_cursor([created_at.isoformat(), str(pk)])


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created_at, pk = decode_cursor(cursor)
        return cursor_time(created_at), str(uuid.UUID(pk))
    except (ValueError, TypeError, AttributeError):
        raise cursor_error() from None


# The largest bigint primary key; larger ids name nothing.
MAX_ID = 2**63 - 1


def integer_id(value: str) -> int:
    """A bigint id from a path: malformed and out-of-range ids name nothing (404), never a 500 from the column."""
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
        raise JobNotFound()
    return int(value)


def _job_id(job_id: str) -> str:
    """Malformed ids name no job: 404, never a 500 from the UUID column."""
    try:
        return str(uuid.UUID(job_id))
    except ValueError:
        raise JobNotFound() from None


class JobListCreateView(PartnerAPIView):
    @extend_schema(
        operation_id="jobs_list",
        parameters=[JobListQuerySerializer],
        responses={200: JobListSerializer, **INVALID, **ERRORS},
    )
    def get(self, request):
        params = self.validated_query(JobListQuerySerializer)
        now = timezone.now()
        jobs = job_rows_for_company(company=self.company, status=params.get("status"), now=now)
        if "cursor" in params:
            created_at, pk = _decode_cursor(params["cursor"])
            jobs = jobs.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
        limit = params["limit"]
        page = list(jobs[: limit + 1])
        last = page[limit - 1] if len(page) > limit else None
        next_cursor = _encode_cursor(last["created_at"], last["id"]) if last else None
        items = [job_json(row, now=now) for row in job_rows_with_children(page[:limit])]
        return Response({"items": items, "nextCursor": next_cursor})

    @extend_schema(
        operation_id="jobs_create",
        request=JobCreateSerializer,
        responses={201: JobSerializer, **COMPANY_REFUSED, **INVALID, **PUBLISH_ERRORS, **ERRORS},
        description="Create a job. With `publish: true` the job is created and published atomically.",
    )
    def post(self, request):
        serializer = self.validated_body(JobCreateSerializer)
        job = job_services.job_create(
            company=self.company,
            data=serializer.to_service_data(),
            publish=serializer.validated_data.get("publish", False),
        )
        return self.job_response(job.pk, status=201)


class JobDetailView(PartnerAPIView):
    @extend_schema(operation_id="jobs_retrieve", responses={200: JobSerializer, **NOT_FOUND, **ERRORS})
    def get(self, request, job_id):
        return self.job_response(_job_id(job_id))

    @extend_schema(
        operation_id="jobs_partial_update",
        request=JobInputSerializer,
        responses={
            200: JobSerializer,
            **COMPANY_REFUSED,
            **NOT_FOUND,
            **INVALID,
            409: OpenApiResponse(ErrorSerializer, description="JOB_NOT_EDITABLE or JOB_FROZEN"),
            **ERRORS,
        },
    )
    def patch(self, request, job_id):
        job_id = _job_id(job_id)
        job = self.company.jobs.filter(pk=job_id).first()
        if job is None:
            raise JobNotFound()
        serializer = self.validated_body(job=job)
        job_services.job_update(company=self.company, job_id=job_id, data=serializer.to_service_data())
        return self.job_response(job_id)


class JobActionView(PartnerAPIView):
    """POST /jobs/{id}/<action>: one lifecycle transition, through its service in jobs.services.jobs."""

    def transition(self, job_id: str, verb: Callable[..., Job]) -> Response:
        job = verb(company=self.company, job_id=_job_id(job_id))
        return self.job_response(job.pk)


def _action_schema(action: str, description: str, extra_errors: dict) -> Callable:
    return extend_schema(
        operation_id=f"jobs_{action}",
        request=None,
        description=description,
        responses={200: JobSerializer, **NOT_FOUND, **extra_errors, **ERRORS},
    )


TRANSITION_ERROR = {409: OpenApiResponse(ErrorSerializer, description="INVALID_TRANSITION")}


class JobPublishView(JobActionView):
    @_action_schema(
        "publish",
        "DRAFT → ACTIVE through completeness, terms and payment gates.",
        {**COMPANY_REFUSED, **INVALID, **PUBLISH_ERRORS},
    )
    def post(self, request, job_id):
        return self.transition(job_id, job_services.job_publish)


class JobPauseView(JobActionView):
    @_action_schema("pause", "ACTIVE → PAUSED (hidden from candidates).", TRANSITION_ERROR)
    def post(self, request, job_id):
        return self.transition(job_id, job_services.job_pause)


class JobResumeView(JobActionView):
    @_action_schema("resume", "PAUSED → ACTIVE.", {**COMPANY_REFUSED, **TRANSITION_ERROR})
    def post(self, request, job_id):
        return self.transition(job_id, job_services.job_resume)


class JobCloseView(JobActionView):
    @_action_schema("close", "ACTIVE or PAUSED → CLOSED (terminal).", TRANSITION_ERROR)
    def post(self, request, job_id):
        return self.transition(job_id, job_services.job_close)


class LocationSearchView(PartnerAPIView):
    @extend_schema(
        operation_id="locations_search",
        parameters=[LocationQuerySerializer],
        responses={200: LocationSearchSerializer, **INVALID, **ERRORS},
    )
    def get(self, request):
        params = self.validated_query(LocationQuerySerializer)
        places = locations_search(query=params["q"], country=params["country"], limit=params["limit"])
        items = [place_json(place) for place in places]
        return Response({"items": items})


class UnknownPathView(PartnerAPIView):
    """Any other path under the partner API: authenticated, counted, then 404 in the envelope."""

    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = http_method_not_allowed
