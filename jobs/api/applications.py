"""Partner API applications (/jobs/{id}/applications, /applications/{id}…): shapes and thin views over
jobs.selectors and jobs.services. Every endpoint answers the owning company only, so the email is shown."""

from datetime import datetime

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from jobs.choices import ApplicationStatus
from jobs.exceptions import JobNotFound
from jobs.models import Application, Job
from jobs.selectors import application_for_company, applications_for_job
from jobs.services.applications import application_decide, application_mark_viewed

from .cursors import cursor_error, cursor_time, decode_cursor, encode_cursor
from .serializers import EnumField, ErrorSerializer, QueryIntegerField
from .views import ERRORS, INVALID, MAX_ID, NOT_FOUND, PartnerAPIView, _job_id, integer_id

# The API spells statuses in capitals; the model stores them in lower case.
APPLICATION_STATUSES = [status.upper() for status in ApplicationStatus.values]
# Ids are PostgreSQL bigints: a larger number names no application, and must not reach the database.
TRANSITION_ERROR = {409: OpenApiResponse(ErrorSerializer, description="INVALID_TRANSITION (not PENDING)")}


class AnswerSerializer(serializers.Serializer):
    questionId = serializers.CharField()
    answer = serializers.CharField()


class ApplicationChargeSerializer(serializers.Serializer):
    """What the application costs the company (jobs.models.Application.billing)."""

    charged = serializers.BooleanField(help_text="Whether the company pays for this application.")
    amountCents = serializers.IntegerField(source="amount_cents", help_text="What it pays, in cents (0 if nothing).")
    reason = serializers.CharField(
        allow_null=True,
        help_text="Why it is not charged (not qualified, a full budget window, the same address as an earlier "
        "application to the company within 24 hours, refunded as spam); null when it is.",
    )


class ApplicationSerializer(serializers.Serializer):
    """The Application. Expects applications from jobs.selectors (qualifications met and questions prefetched)."""

    id = serializers.CharField()
    jobId = serializers.CharField(source="job_id")
    candidateName = serializers.CharField(source="candidate_name")
    email = serializers.EmailField()
    answers = serializers.SerializerMethodField()
    metQualificationIds = serializers.SerializerMethodField()
    qualified = serializers.BooleanField(source="is_qualified")
    status = serializers.SerializerMethodField()
    viewed = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at")
    charge = ApplicationChargeSerializer(source="billing", read_only=True)

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, application: Application) -> list[dict]:
        # In the job's question order; a question without a stored answer is left out.
        answers = application.answers if isinstance(application.answers, dict) else {}
        return [
            {"questionId": str(question.pk), "answer": str(answers[str(question.pk)])}
            for question in application.job.questions.all()
            if str(question.pk) in answers
        ]

    def get_metQualificationIds(self, application: Application) -> list[str]:
        return [str(qualification.pk) for qualification in application.met_qualifications.all()]

    @extend_schema_field(serializers.ChoiceField(APPLICATION_STATUSES))
    def get_status(self, application: Application) -> str:
        return application.status.upper()

    def get_viewed(self, application: Application) -> bool:
        return application.viewed_at is not None


class ApplicationListSerializer(serializers.Serializer):
    # Declared here, not as class attributes: `data` is also the Serializer's own property (its output).
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"data": ApplicationSerializer(many=True), "nextCursor": serializers.CharField(allow_null=True)}


class ApplicationListQuerySerializer(serializers.Serializer):
    status = EnumField(APPLICATION_STATUSES, required=False)
    qualified = EnumField(["true", "false"], required=False)
    createdAfter = serializers.DateTimeField(
        required=False,
        help_text="Only applications created strictly after this ISO 8601 time (URL-encode a `+` offset as %2B).",
        error_messages={"invalid": "Must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z."},
    )
    limit = QueryIntegerField(required=False, min_value=1, max_value=100, default=20)
    cursor = serializers.CharField(required=False)


def _encode_cursor(position: tuple[datetime, int]) -> str:
    created_at, pk = position
    return encode_cursor([created_at.isoformat(), pk])


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        created_at, pk = decode_cursor(cursor)
        created_at = cursor_time(created_at)
        if type(pk) is not int or not 0 < pk <= MAX_ID:
            raise ValueError("not a position")
        return created_at, pk
    except (ValueError, TypeError, AttributeError):
        raise cursor_error() from None


class ApplicationAPIView(PartnerAPIView):
    def application_response(self, application_id: int) -> Response:
        application = application_for_company(company=self.company, application_id=application_id)
        if application is None:
            raise JobNotFound()
        return Response(ApplicationSerializer(application).data)

    def owned_application(self, application_id: str) -> Application:
        application = Application.objects.filter(job__company=self.company, pk=integer_id(application_id)).first()
        if application is None:
            raise JobNotFound()
        return application


class JobApplicationListView(ApplicationAPIView):
    @extend_schema(
        operation_id="jobs_applications_list",
        parameters=[ApplicationListQuerySerializer],
        responses={200: ApplicationListSerializer, **NOT_FOUND, **INVALID, **ERRORS},
        description="The job's applications, newest first, a page at a time (pass `nextCursor` as `cursor`).",
    )
    def get(self, request, job_id):
        job = Job.objects.filter(company=self.company, pk=_job_id(job_id)).first()
        if job is None:
            raise JobNotFound()
        params = self.validated_query(ApplicationListQuerySerializer)
        page = applications_for_job(
            job=job,
            limit=params["limit"],
            status=params["status"].lower() if "status" in params else None,
            qualified=params["qualified"] == "true" if "qualified" in params else None,
            created_after=params.get("createdAfter"),
            after=_decode_cursor(params["cursor"]) if "cursor" in params else None,
        )
        return Response(
            {
                "data": ApplicationSerializer(page.items, many=True).data,
                "nextCursor": _encode_cursor(page.next_position) if page.next_position else None,
            }
        )


class ApplicationDetailView(ApplicationAPIView):
    @extend_schema(operation_id="applications_retrieve", responses={200: ApplicationSerializer, **NOT_FOUND, **ERRORS})
    def get(self, request, application_id):
        return self.application_response(integer_id(application_id))


class ApplicationMarkViewedView(ApplicationAPIView):
    @extend_schema(
        operation_id="applications_view",
        request=None,
        responses={200: ApplicationSerializer, **NOT_FOUND, **ERRORS},
        description="Marks the application viewed (it leaves the job's newApplicantCount); repeating changes nothing.",
    )
    def post(self, request, application_id):
        application = application_mark_viewed(application=self.owned_application(application_id))
        return self.application_response(application.pk)


class ApplicationAcceptView(ApplicationAPIView):
    @extend_schema(
        operation_id="applications_accept",
        request=None,
        responses={200: ApplicationSerializer, **NOT_FOUND, **TRANSITION_ERROR, **ERRORS},
        description="PENDING → ACCEPTED.",
    )
    def post(self, request, application_id):
        application = self.owned_application(application_id)
        application_decide(application=application, status=ApplicationStatus.ACCEPTED)
        return self.application_response(application.pk)


class ApplicationRejectView(ApplicationAPIView):
    @extend_schema(
        operation_id="applications_reject",
        request=None,
        responses={200: ApplicationSerializer, **NOT_FOUND, **TRANSITION_ERROR, **ERRORS},
        description="PENDING → REJECTED.",
    )
    def post(self, request, application_id):
        application = self.owned_application(application_id)
        application_decide(application=application, status=ApplicationStatus.REJECTED)
        return self.application_response(application.pk)
