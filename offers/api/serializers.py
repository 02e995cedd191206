"""Offers API output shapes, and DRF serializers that describe them in the OpenAPI schema."""

from rest_framework import serializers

from companies.models import Company
from offers.actors import Actor
from offers.models import FIELDS, JOB_TYPES, TECHNOLOGIES, HiddenReason, Offer
from offers.validators import APPLY_URL_MAX, INT_COLUMN_MAX
from plumbing.times import iso_z


def _iso(value):
    return iso_z(value) if value else None


def offer_json(offer: Offer, actor: Actor) -> dict:
    return {
        "id": str(offer.pk),
        "title": offer.title,
        "publishDate": _iso(offer.publish_date),
        "publishEndDate": _iso(offer.publish_end_date),
        "jobMinDuration": offer.job_min_duration,
        "jobMaxDuration": offer.job_max_duration,
        "jobStartDate": _iso(offer.job_start_date),
        "description": offer.description,
        "contacts": offer.contacts,
        "isPaid": offer.is_paid,
        "vacancies": offer.vacancies,
        "jobType": offer.job_type,
        "fields": offer.fields,
        "technologies": offer.technologies,
        "isHidden": offer.is_hidden,
        "hiddenReason": offer.hidden_reason,
        "adminReason": offer.admin_reason if actor.is_admin else None,
        "isArchived": offer.is_archived,
        "location": offer.location,
        "coordinates": offer.coordinates,
        "requirements": offer.requirements,
        "applyURL": offer.apply_url,
        "owner": str(offer.company_id),
        "ownerName": offer.company.name,
        "ownerLogo": offer.company.logo_url or None,
        "endedAt": _iso(offer.ended_at),
        "createdAt": _iso(offer.created_at),
        "updatedAt": _iso(offer.updated_at),
    }


def company_json(company: Company) -> dict:
    return {
        "id": str(company.pk),
        "name": company.name,
        "isBlocked": company.is_blocked,
        "isDisabled": company.is_disabled,
        "adminReason": company.admin_reason,
    }


class OfferSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField(max_length=90)
    publishDate = serializers.DateTimeField()
    publishEndDate = serializers.DateTimeField()
    jobMinDuration = serializers.IntegerField(min_value=1)
    jobMaxDuration = serializers.IntegerField(min_value=1, allow_null=True)
    jobStartDate = serializers.DateTimeField(allow_null=True)
    description = serializers.CharField(help_text="Sanitized HTML, at most 1500 visible characters.")
    contacts = serializers.ListField(child=serializers.CharField(), min_length=1)
    isPaid = serializers.BooleanField(allow_null=True)
    vacancies = serializers.IntegerField(min_value=1, allow_null=True)
    jobType = serializers.ChoiceField(JOB_TYPES)
    fields = serializers.ListField(child=serializers.ChoiceField(FIELDS), min_length=1, max_length=5)  # type: ignore[assignment]  # a declared field named like Serializer.fields; DRF moves it aside
    technologies = serializers.ListField(child=serializers.ChoiceField(TECHNOLOGIES), min_length=1, max_length=7)
    isHidden = serializers.BooleanField()
    hiddenReason = serializers.ChoiceField(HiddenReason.values, allow_null=True)
    adminReason = serializers.CharField(allow_null=True, help_text="Admins only; null for everyone else.")
    isArchived = serializers.BooleanField()
    location = serializers.CharField()
    coordinates = serializers.ListField(child=serializers.FloatField(), allow_null=True, min_length=2, max_length=2)
    requirements = serializers.ListField(child=serializers.CharField(), min_length=1)
    applyURL = serializers.CharField(allow_null=True)
    owner = serializers.CharField()
    ownerName = serializers.CharField()
    ownerLogo = serializers.CharField(allow_null=True)
    endedAt = serializers.DateTimeField(allow_null=True)
    createdAt = serializers.DateTimeField()
    updatedAt = serializers.DateTimeField()


class OfferWriteSerializer(serializers.Serializer):
    """Create body (edit: any subset). Validation is done by offers.validators, not by this class."""

    title = serializers.CharField(max_length=90)
    publishDate = serializers.DateTimeField(required=False)
    publishEndDate = serializers.DateTimeField()
    jobMinDuration = serializers.IntegerField(min_value=1, max_value=INT_COLUMN_MAX)
    jobMaxDuration = serializers.IntegerField(min_value=1, max_value=INT_COLUMN_MAX, required=False, allow_null=True)
    jobStartDate = serializers.DateTimeField(required=False, allow_null=True)
    description = serializers.CharField()
    contacts = serializers.ListField(child=serializers.CharField(), min_length=1)
    isPaid = serializers.BooleanField(required=False, allow_null=True)
    vacancies = serializers.IntegerField(min_value=1, max_value=INT_COLUMN_MAX, required=False, allow_null=True)
    jobType = serializers.ChoiceField(JOB_TYPES)
    fields = serializers.ListField(child=serializers.ChoiceField(FIELDS), min_length=1, max_length=5)  # type: ignore[assignment]  # a declared field named like Serializer.fields; DRF moves it aside
    technologies = serializers.ListField(child=serializers.ChoiceField(TECHNOLOGIES), min_length=1, max_length=7)
    isHidden = serializers.BooleanField(required=False)
    location = serializers.CharField()
    coordinates = serializers.ListField(child=serializers.FloatField(), required=False, allow_null=True)
    requirements = serializers.ListField(child=serializers.CharField(), min_length=1)
    applyURL = serializers.CharField(max_length=APPLY_URL_MAX, required=False, allow_null=True)
    owner = serializers.CharField(required=False, help_text="Company id; admins and god mode only.")
    god_token = serializers.CharField(required=False)


class OfferEditSerializer(OfferWriteSerializer):
    """Edit body: any subset of the offer's fields; owner cannot change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]  # at runtime self.fields is the BindingDict
            field.required = False
        self.fields.pop("owner")  # type: ignore[attr-defined]  # at runtime self.fields is the BindingDict


class OfferSearchResultSerializer(serializers.Serializer):
    results = OfferSerializer(many=True)
    queryToken = serializers.CharField(allow_null=True)


class CompanySerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    isBlocked = serializers.BooleanField()
    isDisabled = serializers.BooleanField()
    adminReason = serializers.CharField(allow_null=True)


class AdminReasonSerializer(serializers.Serializer):
    adminReason = serializers.CharField()
    god_token = serializers.CharField(required=False)


class GodTokenSerializer(serializers.Serializer):
    god_token = serializers.CharField(required=False)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.CharField()
    email = serializers.CharField()
    isAdmin = serializers.BooleanField()
    company = CompanySerializer(allow_null=True)


class MaxOffersSerializer(serializers.Serializer):
    maxOffersReached = serializers.BooleanField()


class ErrorItemSerializer(serializers.Serializer):
    msg = serializers.CharField()
    param = serializers.CharField(required=False)
    location = serializers.ChoiceField(["body", "params", "query"], required=False)
    value = serializers.JSONField(required=False)


class OffersErrorSerializer(serializers.Serializer):
    error_code = serializers.ChoiceField([1, 2, 3, 99])
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]  # a declared field named like Serializer.errors; DRF moves it aside
