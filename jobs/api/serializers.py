"""Partner API shapes. Input fields are strict about JSON types; output mirrors the job resource."""

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.choices import BudgetWindow, JobLevel, JobStatus, JobType, QualificationKind, RemoteOption, SalaryPeriod
from jobs.formatting import place_display_name
from jobs.models import Job, Location, job_status_at
from jobs.services.jobs import job_input_errors
from jobs.validators import (
    ITEM_TEXT_MAX,
    MAX_CENTS,
    MAX_ITEMS,
    OPTION_MAX,
    PICK_LOCATION_MESSAGE,
    TEXT_MAX,
    job_is_frozen,
    unique_locations,
)
from plumbing.input_rules import parse_ascii_int
from plumbing.times import iso_z

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Partner API name → model field name, for the scalar fields of a job.
FIELD_MAP = {
    "title": "title",
    "description": "description",
    "remoteOption": "remote_option",
    "remoteCountry": "remote_country",
    "jobType": "job_type",
    "jobLevel": "job_level",
    "salaryMin": "salary_min",
    "salaryMax": "salary_max",
    "salaryPeriod": "salary_period",
    "bidPerQualifiedApplicantCents": "bid_per_qualified_applicant_cents",
}
_API_NAMES = {model: api for api, model in FIELD_MAP.items()}
# An error on one item of a set names the item's API key (`locations[0].locationId`).
_ITEM_KEYS = {"locations": ".locationId"}


def api_field(key: str) -> str:
    """A validators key (model vocabulary, `salary_max`, `locations[0]`) → the partner API's field name."""
    head, bracket, rest = key.partition("[")
    if not bracket:
        return _API_NAMES.get(head, head)
    index, _, tail = rest.partition("]")
    return f"{head}[{index}]{tail or _ITEM_KEYS.get(head, '')}"


# Named for the OpenAPI enum (settings.SPECTACULAR_SETTINGS), apart from the offers' jobType.
PARTNER_JOB_TYPES = JobType.values


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class EnumField(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": "Must be one of: {choices}."}

    def __init__(self, choices, **kwargs):
        super().__init__(choices=choices, **kwargs)

    def fail(self, key, **kwargs):
        if key == "invalid_choice":
            kwargs = {"choices": ", ".join(self.choices)}
        super().fail(key, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice")
        return super().to_internal_value(data)


class StrictListField(serializers.ListField):
    default_error_messages = {"not_a_list": "Must be an array."}


class StrictDictMixin:
    default_error_messages: ClassVar[dict[str, "StrOrPromise"]] = {"invalid": "Must be an object."}


class LocationRefSerializer(StrictDictMixin, serializers.Serializer):
    # Other keys of the search result shape are accepted and ignored, so a result can be sent back as is.
    locationId = StrictIntegerField(required=False, allow_null=True)

    def validate(self, attrs):
        if attrs.get("locationId") is None:
            raise serializers.ValidationError({"locationId": PICK_LOCATION_MESSAGE})
        return attrs


class QualificationInSerializer(StrictDictMixin, serializers.Serializer):
    text = StrictCharField(max_length=ITEM_TEXT_MAX, allow_blank=False, trim_whitespace=True)
    kind = EnumField(QualificationKind.values, required=False, default=QualificationKind.REQUIRED)
    order = StrictIntegerField(required=False, min_value=0, max_value=32767)


class QuestionInSerializer(StrictDictMixin, serializers.Serializer):
    prompt = StrictCharField(max_length=ITEM_TEXT_MAX, allow_blank=False, trim_whitespace=True)
    order = StrictIntegerField(required=False, min_value=0, max_value=32767)
    options = StrictListField(
        child=StrictCharField(max_length=OPTION_MAX, allow_blank=False), required=False, max_length=MAX_ITEMS
    )


class BudgetInSerializer(StrictDictMixin, serializers.Serializer):
    window = EnumField(BudgetWindow.values)
    budgetCents = StrictIntegerField(min_value=0, max_value=MAX_CENTS)
    notes = StrictCharField(max_length=ITEM_TEXT_MAX, allow_blank=True, required=False, default="")


class JobInputSerializer(StrictDictMixin, serializers.Serializer):
    """Body of PATCH /jobs/{id}: every field optional, a field left out is left as it is."""

    creating = False

    title = StrictCharField(max_length=TEXT_MAX["title"], allow_blank=False, trim_whitespace=True)
    description = StrictCharField(max_length=TEXT_MAX["description"], allow_blank=True, trim_whitespace=False)
    remoteOption = EnumField(RemoteOption.values, allow_null=True)
    remoteCountry = StrictCharField(max_length=TEXT_MAX["remote_country"], allow_null=True)
    jobType = EnumField(PARTNER_JOB_TYPES, allow_null=True)
    jobLevel = EnumField(JobLevel.values, allow_null=True)
    salaryMin = StrictIntegerField(min_value=0, max_value=MAX_CENTS, allow_null=True)
    salaryMax = StrictIntegerField(min_value=0, max_value=MAX_CENTS, allow_null=True)
    salaryPeriod = EnumField(SalaryPeriod.values, allow_null=True)
    bidPerQualifiedApplicantCents = StrictIntegerField(min_value=0, max_value=MAX_CENTS, allow_null=True)
    locations = StrictListField(child=LocationRefSerializer(), max_length=MAX_ITEMS)
    qualifications = StrictListField(child=QualificationInSerializer(), max_length=MAX_ITEMS)
    questions = StrictListField(child=QuestionInSerializer(), max_length=MAX_ITEMS)
    budgets = StrictListField(child=BudgetInSerializer(), max_length=4)

    def __init__(self, *args, job: Job | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        for name, field in self.fields.items():
            field.required = self.creating and name == "title"

    def validate(self, attrs):
        # The rules themselves live in jobs.validators (through job_input_errors); here they meet the body.
        errors = job_input_errors(data=self._service_data(attrs), job=self.job)
        if errors:
            raise serializers.ValidationError({api_field(key): message for key, message in errors.items()})
        return attrs

    def to_service_data(self) -> dict:
        data = self._service_data(self.validated_data)
        if "locations" in data:
            data["locations"] = unique_locations(data["locations"])
        return data

    def _service_data(self, v) -> dict:
        """Validated body → model field names, children normalised for replace-sets."""
        data = {model: v[api] for api, model in FIELD_MAP.items() if api in v}
        if "locations" in v:
            data["locations"] = [item["locationId"] for item in v["locations"]]
        if "qualifications" in v:
            data["qualifications"] = [
                {"text": q["text"], "kind": q["kind"], "order": q.get("order", i)}
                for i, q in enumerate(v["qualifications"])
            ]
        if "questions" in v:
            data["questions"] = [
                {"prompt": q["prompt"], "order": q.get("order", i), "options": q.get("options", [])}
                for i, q in enumerate(v["questions"])
            ]
        if "budgets" in v:
            data["budgets"] = [
                {"window": b["window"], "budget_cents": b["budgetCents"], "notes": b.get("notes", "")}
                for b in v["budgets"]
            ]
        return data


class JobCreateSerializer(JobInputSerializer):
    """Body of POST /jobs: the job (title required) plus an optional `publish`."""

    creating = True
    publish = StrictBooleanField(required=False, help_text="Create and publish atomically (default false).")


DISPLAY_NAME_HELP = (
    '"City, State, Country" with the full state name where the place has one ("San Francisco, California, '
    'United States"), else "City, Country" ("Lisbon, Portugal").'
)


class LocationSerializer(serializers.Serializer):
    locationId = serializers.IntegerField(source="id")
    displayName = serializers.CharField(source="display_name", help_text=DISPLAY_NAME_HELP)
    city = serializers.CharField()
    stateProvince = serializers.CharField(source="state_province", allow_null=True)
    country = serializers.CharField()


class JobLocationSerializer(LocationSerializer):
    """The same shape as a search result, read through the job's location link."""

    locationId = serializers.IntegerField(source="location.id")
    displayName = serializers.CharField(source="location.display_name", help_text=DISPLAY_NAME_HELP)
    city = serializers.CharField(source="location.city")
    stateProvince = serializers.CharField(source="location.state_province", allow_null=True)
    country = serializers.CharField(source="location.country")


class QualificationSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(QualificationKind.values)
    order = serializers.IntegerField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    prompt = serializers.CharField()
    order = serializers.IntegerField()
    options = serializers.ListField(child=serializers.CharField())


class BudgetSerializer(serializers.Serializer):
    window = serializers.ChoiceField(BudgetWindow.values)
    budgetCents = serializers.IntegerField(source="budget_cents")
    notes = serializers.CharField()


class ApplicationCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField(source="pending_count")
    accepted = serializers.IntegerField(source="accepted_count")
    rejected = serializers.IntegerField(source="rejected_count")


def _iso(value: datetime | None) -> str | None:
    return iso_z(value) if value else None


def location_json(*, location_id: int, city: str, state_province: str | None, country: str) -> dict:
    """A place as location search answers it and a job lists it (LocationSerializer's shape)."""
    return {
        "locationId": location_id,
        "displayName": place_display_name(city, state_province, country),
        "city": city,
        "stateProvince": state_province,
        "country": country,
    }


def place_json(place: Location) -> dict:
    return location_json(
        location_id=place.pk, city=place.city, state_province=place.state_province, country=place.country
    )


def _job_location_json(row: dict) -> dict:
    return location_json(
        location_id=row["location_id"],
        city=row["location__city"],
        state_province=row["location__state_province"],
        country=row["location__country"],
    )


def job_json(row: dict, *, now: datetime) -> dict:
    """The job resource from a row of selectors.job_rows_for_company with its children (job_rows_with_children).
    Plain dicts: DRF's nested serializers over model objects cost the list as much as its SQL. JobSerializer
    below describes the same shape for the OpenAPI schema (tests/jobs/test_job_resource_shape.py holds them equal)."""
    counts = {"pending": row["pending_count"], "accepted": row["accepted_count"], "rejected": row["rejected_count"]}
    return {
        "id": str(row["id"]),
        "title": row["title"],
        "status": job_status_at(row["status"], row["expires_at"], now),
        "description": row["description"],
        "remoteOption": row["remote_option"],
        "remoteCountry": row["remote_country"],
        "jobType": row["job_type"],
        "jobLevel": row["job_level"],
        "salaryMin": row["salary_min"],
        "salaryMax": row["salary_max"],
        "salaryPeriod": row["salary_period"],
        "bidPerQualifiedApplicantCents": row["bid_per_qualified_applicant_cents"],
        "companyId": str(row["company_id"]),
        "locations": [_job_location_json(location) for location in row["locations"]],
        "qualifications": [
            {"id": str(q["id"]), "text": q["text"], "kind": q["kind"], "order": q["order"]}
            for q in row["qualifications"]
        ],
        "questions": [
            {"id": str(q["id"]), "prompt": q["prompt"], "order": q["order"], "options": q["options"]}
            for q in row["questions"]
        ],
        "budgets": [
            {"window": b["window"], "budgetCents": b["budget_cents"], "notes": b["notes"]} for b in row["budgets"]
        ],
        "applicationCounts": counts,
        "isFrozen": job_is_frozen(application_count=sum(counts.values())),
        "newApplicantCount": row["new_applicant_count"],
        "publishedAt": _iso(row["published_at"]),
        "expiresAt": _iso(row["expires_at"]),
        "closedAt": _iso(row["closed_at"]),
    }


class JobSerializer(serializers.Serializer):
    """The job resource's shape, for the OpenAPI schema; responses are built by job_json. Serializing a job
    from selectors.jobs_for_company (prefetched, counted) gives the same JSON."""

    id = serializers.CharField()
    title = serializers.CharField()
    status = serializers.SerializerMethodField()
    description = serializers.CharField()
    remoteOption = serializers.ChoiceField(RemoteOption.values, source="remote_option", allow_null=True)
    remoteCountry = serializers.CharField(source="remote_country", allow_null=True)
    jobType = serializers.ChoiceField(PARTNER_JOB_TYPES, source="job_type", allow_null=True)
    jobLevel = serializers.ChoiceField(JobLevel.values, source="job_level", allow_null=True)
    salaryMin = serializers.IntegerField(source="salary_min", allow_null=True)
    salaryMax = serializers.IntegerField(source="salary_max", allow_null=True)
    salaryPeriod = serializers.ChoiceField(SalaryPeriod.values, source="salary_period", allow_null=True)
    bidPerQualifiedApplicantCents = serializers.IntegerField(
        source="bid_per_qualified_applicant_cents", allow_null=True
    )
    companyId = serializers.CharField(source="company_id")
    locations = JobLocationSerializer(source="job_locations", many=True)
    qualifications = QualificationSerializer(many=True)
    questions = QuestionSerializer(many=True)
    budgets = BudgetSerializer(many=True)
    applicationCounts = ApplicationCountsSerializer(source="*")
    isFrozen = serializers.SerializerMethodField()
    newApplicantCount = serializers.IntegerField(source="new_applicant_count")
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)
    expiresAt = serializers.DateTimeField(source="expires_at", allow_null=True)
    closedAt = serializers.DateTimeField(source="closed_at", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(JobStatus.values))
    def get_status(self, job) -> str:
        return job.status_at(self.context["now"])

    def get_isFrozen(self, job) -> bool:
        return job_is_frozen(application_count=job.pending_count + job.accepted_count + job.rejected_count)


class JobListSerializer(serializers.Serializer):
    items = JobSerializer(many=True)
    nextCursor = serializers.CharField(allow_null=True)


class LocationSearchSerializer(serializers.Serializer):
    items = LocationSerializer(many=True)


class ErrorDetailSerializer(serializers.Serializer):
    # Declared here, not as class attributes: `fields` is also the Serializer's own property (its bound fields).
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(),
            "message": serializers.CharField(),
            "fields": serializers.DictField(child=serializers.CharField(), required=False),
            "retryAfterSeconds": serializers.IntegerField(required=False),
        }


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class QueryIntegerField(serializers.IntegerField):
    """A whole number from the query string, in ASCII digits only: DRF's IntegerField reads "١٠" as 10 and
    "10.0" as 10; here both, like "²", are no number. Bounds come from min_value and max_value as usual."""

    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        value = parse_ascii_int(data)
        if value is None:
            self.fail("invalid")
        return value


class JobListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(JobStatus.values, required=False)
    limit = QueryIntegerField(required=False, min_value=1, max_value=100, default=20)
    cursor = serializers.CharField(required=False)


class LocationQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, trim_whitespace=True)
    # As long as the country column: a longer name is no country.
    country = serializers.CharField(required=False, default="United States", max_length=100)
    limit = QueryIntegerField(required=False, min_value=1, max_value=50, default=10)
