"""Partner API daily figures (/jobs/{id}/stats): one entry per day of a range, zeros included, and their totals."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from jobs.exceptions import JobNotFound, ValidationFailed
from jobs.models import Job
from jobs.selectors import JOB_DAY_FIELDS, job_days
from jobs.validators import STATS_MAX_DAYS, stats_range

from .views import ERRORS, INVALID, NOT_FOUND, PartnerAPIView, _job_id

# JobDay's fields as the API names them.
API_KEYS = {
    "views": "views",
    "applications": "applications",
    "qualified_applications": "qualifiedApplications",
    "accepted": "accepted",
    "rejected": "rejected",
    "spend_cents": "spendCents",
}
assert tuple(API_KEYS) == JOB_DAY_FIELDS


class JobStatsTotalsSerializer(serializers.Serializer):
    views = serializers.IntegerField(help_text="Views of the public job page by people (not crawlers, not staff).")
    applications = serializers.IntegerField(help_text="Applications, on the day the candidate applied.")
    qualifiedApplications = serializers.IntegerField(help_text="Applications meeting every required qualification.")
    accepted = serializers.IntegerField(help_text="Applications accepted, on the day of the decision.")
    rejected = serializers.IntegerField(help_text="Applications rejected, on the day of the decision.")
    spendCents = serializers.IntegerField(help_text="What the company was billed, in cents (refunds taken off).")


class JobStatsDaySerializer(JobStatsTotalsSerializer):
    date = serializers.DateField(help_text="A UTC day, YYYY-MM-DD.")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"date": fields.pop("date"), **fields}


class JobStatsSerializer(serializers.Serializer):
    # Declared here, not as class attributes: `from` is a Python keyword.
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "jobId": serializers.CharField(),
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "days": JobStatsDaySerializer(many=True, help_text="One entry per day of the range, ascending."),
            "totals": JobStatsTotalsSerializer(),
        }


_RANGE_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day (UTC), YYYY-MM-DD. Default: 29 days before today.",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description=f"Last day (UTC), YYYY-MM-DD, not after today. Default: today. At most {STATS_MAX_DAYS} days "
        "counting both ends (a longer range is refused, never clamped).",
    ),
]


class JobStatsView(PartnerAPIView):
    @extend_schema(
        operation_id="jobs_stats_retrieve",
        parameters=_RANGE_PARAMETERS,
        responses={200: JobStatsSerializer, **NOT_FOUND, **INVALID, **ERRORS},
        description="The job's figures per UTC day over a range (default the last 30 days), zeros included, "
        "and their totals.",
    )
    def get(self, request, job_id):
        job_pk = _job_id(job_id)
        if not Job.objects.filter(company=self.company, pk=job_pk).exists():
            raise JobNotFound()
        start, end, errors = stats_range(
            date_from=request.query_params.get("from"),
            date_to=request.query_params.get("to"),
            today=timezone.now().date(),
        )
        if errors:
            raise ValidationFailed(errors)
        days = job_days(job_id=job_pk, date_from=start, date_to=end)
        totals = {key: sum(day[field] for day in days) for field, key in API_KEYS.items()}
        entries = [
            {"date": day["day"].isoformat(), **{key: day[field] for field, key in API_KEYS.items()}} for day in days
        ]
        return Response(
            {"jobId": job_pk, "from": start.isoformat(), "to": end.isoformat(), "days": entries, "totals": totals}
        )
