"""Partner API webhooks (/webhooks…): a company's endpoints and their delivery log, thin views over
companies.webhooks and companies.selectors. The signing secret is shown in the answer to the POST only."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from companies.models import WEBHOOK_EVENT_TYPES, DeliveryStatus, WebhookEndpoint
from companies.selectors import webhook_deliveries_for_endpoint, webhook_endpoints_for_company
from companies.webhooks import endpoints as webhooks
from jobs.exceptions import JobNotFound

from .cursors import cursor_error, decode_cursor, encode_cursor
from .serializers import EnumField, QueryIntegerField, StrictBooleanField, StrictCharField
from .views import ERRORS, INVALID, MAX_ID, NOT_FOUND, PartnerAPIView, integer_id

# Named for the OpenAPI enums (settings.SPECTACULAR_SETTINGS).
WEBHOOK_EVENTS = list(WEBHOOK_EVENT_TYPES)
WEBHOOK_DELIVERY_STATUSES = DeliveryStatus.values
# Ids are PostgreSQL bigints: a larger number names nothing, and must not reach the database.
URL_RULES = (
    "http(s) only; a host resolving to a private, loopback or link-local address is refused unless the "
    "server allows it (WEBHOOK_ALLOW_PRIVATE_URLS)."
)


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.CharField()
    url = serializers.CharField()
    events = serializers.ListField(child=EnumField(WEBHOOK_EVENTS))
    isActive = serializers.BooleanField(source="is_active")
    createdAt = serializers.DateTimeField(source="created_at")
    disabledReason = serializers.CharField(
        source="disabled_reason",
        allow_null=True,
        help_text="Why the endpoint was switched off (after failing for 3 days); null when it is on or the company "
        "switched it off.",
    )


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        help_text="Signs every delivery (Jobboard-Signature). Shown only in this answer: store it now."
    )


class WebhookEndpointListSerializer(serializers.Serializer):
    # Declared here, not as class attributes: `data` is also the Serializer's own property (its output).
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"data": WebhookEndpointSerializer(many=True)}


class WebhookEndpointCreateSerializer(serializers.Serializer):
    url = StrictCharField(help_text=URL_RULES, trim_whitespace=False)
    events = serializers.ListField(child=EnumField(WEBHOOK_EVENTS), allow_empty=False)


class WebhookEndpointUpdateSerializer(serializers.Serializer):
    url = StrictCharField(required=False, help_text=URL_RULES, trim_whitespace=False)
    events = serializers.ListField(child=EnumField(WEBHOOK_EVENTS), allow_empty=False, required=False)
    isActive = StrictBooleanField(
        required=False, help_text="false pauses deliveries; true switches the endpoint back on and clears the reason."
    )


class WebhookDeliverySerializer(serializers.Serializer):
    id = serializers.CharField()
    eventId = serializers.CharField(source="event_id")
    type = EnumField(WEBHOOK_EVENTS, source="event.type")
    status = EnumField(WEBHOOK_DELIVERY_STATUSES)
    attempts = serializers.IntegerField()
    lastStatusCode = serializers.IntegerField(source="last_status_code", allow_null=True)
    lastAttemptAt = serializers.DateTimeField(source="last_attempt_at", allow_null=True)
    nextAttemptAt = serializers.DateTimeField(source="next_attempt_at", allow_null=True)


class WebhookDeliveryListSerializer(serializers.Serializer):
    # Declared here, not as class attributes: `data` is also the Serializer's own property (its output).
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"data": WebhookDeliverySerializer(many=True), "nextCursor": serializers.CharField(allow_null=True)}


class WebhookDeliveryQuerySerializer(serializers.Serializer):
    limit = QueryIntegerField(required=False, min_value=1, max_value=100, default=20)
    cursor = serializers.CharField(required=False)


def _encode_cursor(before_id: int) -> str:
    return encode_cursor([before_id])


def _decode_cursor(cursor: str) -> int:
    try:
        (before_id,) = decode_cursor(cursor)
        if type(before_id) is not int or not 0 < before_id <= MAX_ID:
            raise ValueError("not a position")
        return before_id
    except (ValueError, TypeError):
        raise cursor_error() from None


class WebhookAPIView(PartnerAPIView):
    def owned_endpoint(self, webhook_id: str) -> WebhookEndpoint:
        endpoint = webhook_endpoints_for_company(company=self.company).filter(pk=integer_id(webhook_id)).first()
        if endpoint is None:
            raise JobNotFound()
        return endpoint


class WebhookListCreateView(WebhookAPIView):
    @extend_schema(
        operation_id="webhooks_list",
        responses={200: WebhookEndpointListSerializer, **ERRORS},
        description="The company's endpoints, newest first (secrets are never listed).",
    )
    def get(self, request):
        endpoints = webhook_endpoints_for_company(company=self.company)
        return Response({"data": WebhookEndpointSerializer(endpoints, many=True).data})

    @extend_schema(
        operation_id="webhooks_create",
        request=WebhookEndpointCreateSerializer,
        responses={201: WebhookEndpointCreatedSerializer, **INVALID, **ERRORS},
        description="Registers an endpoint for some events. The answer holds the signing `secret`, shown only here.",
    )
    def post(self, request):
        body = self.validated_body(WebhookEndpointCreateSerializer).validated_data
        issued = webhooks.webhook_endpoint_create(company=self.company, url=body["url"], events=body["events"])
        return Response(WebhookEndpointCreatedSerializer(issued.endpoint).data, status=201)


class WebhookDetailView(WebhookAPIView):
    @extend_schema(operation_id="webhooks_retrieve", responses={200: WebhookEndpointSerializer, **NOT_FOUND, **ERRORS})
    def get(self, request, webhook_id):
        return Response(WebhookEndpointSerializer(self.owned_endpoint(webhook_id)).data)

    @extend_schema(
        operation_id="webhooks_partial_update",
        request=WebhookEndpointUpdateSerializer,
        responses={200: WebhookEndpointSerializer, **NOT_FOUND, **INVALID, **ERRORS},
        description="Changes `url`, `events` or `isActive`; what is left out stays.",
    )
    def patch(self, request, webhook_id):
        endpoint = self.owned_endpoint(webhook_id)
        body = self.validated_body(WebhookEndpointUpdateSerializer).validated_data
        endpoint = webhooks.webhook_endpoint_update(
            endpoint=endpoint, url=body.get("url"), events=body.get("events"), is_active=body.get("isActive")
        )
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(
        operation_id="webhooks_destroy",
        responses={204: OpenApiResponse(description="Removed, with its delivery log."), **NOT_FOUND, **ERRORS},
    )
    def delete(self, request, webhook_id):
        webhooks.webhook_endpoint_delete(endpoint=self.owned_endpoint(webhook_id))
        return Response(status=204)


class WebhookDeliveryListView(WebhookAPIView):
    @extend_schema(
        operation_id="webhooks_deliveries_list",
        parameters=[WebhookDeliveryQuerySerializer],
        responses={200: WebhookDeliveryListSerializer, **NOT_FOUND, **INVALID, **ERRORS},
        description="The endpoint's deliveries, newest first, a page at a time (pass `nextCursor` as `cursor`).",
    )
    def get(self, request, webhook_id):
        endpoint = self.owned_endpoint(webhook_id)
        params = self.validated_query(WebhookDeliveryQuerySerializer)
        deliveries, next_before = webhook_deliveries_for_endpoint(
            endpoint=endpoint,
            limit=params["limit"],
            before_id=_decode_cursor(params["cursor"]) if "cursor" in params else None,
        )
        return Response(
            {
                "data": WebhookDeliverySerializer(deliveries, many=True).data,
                "nextCursor": _encode_cursor(next_before) if next_before else None,
            }
        )
