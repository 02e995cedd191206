"""Company dashboard pages: the profile, employer terms, payment card, partner keys and team (under /dashboard/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import company_staff_required
from .exceptions import CannotRemoveSelf, InvitationInvalid, NotAMember, ValidationFailed
from .forms import (
    CARD_FIELDS,
    AcceptTermsForm,
    InvitationAcceptForm,
    NotificationPreferencesForm,
    PartnerKeyIssueForm,
    PaymentCardForm,
    StaffInviteForm,
    WebhookEndpointForm,
    add_service_errors,
)
from .models import Membership, PartnerKey, StaffInvitation, WebhookDelivery, WebhookEndpoint
from .notifications.selectors import notification_preferences_for_user
from .notifications.services import notification_preferences_save
from .selectors import webhook_endpoints_for_company
from .validators import CARD_BRANDS
from .webhooks.delivery import webhook_delivery_resend
from .webhooks.endpoints import (
    MAX_ENDPOINTS_PER_COMPANY,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_update,
)

# --- Profile, terms, payment ---------------------------------------------------------------------------------------


@company_staff_required
@require_http_methods(["GET", "POST"])
def terms(request, *, company):
    form = AcceptTermsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.company_accept_terms(company=company, now=timezone.now())
        messages.success(
            request, f"Thank you: {company.name} accepted the employer terms, version {company.terms_version_accepted}."
        )
        return redirect("dashboard")
    context = {"form": form, "company": company, "terms_version": settings.CURRENT_EMPLOYER_TERMS_VERSION}
    return render(request, "companies/terms.html", context)


@sensitive_post_parameters("card_number", "cvc", "expiry")
@company_staff_required
@require_http_methods(["GET", "POST"])
@never_cache
def payment(request, *, company):
    now = timezone.now()
    form = PaymentCardForm(request.POST if request.method == "POST" else None, now=now)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_set_card(
                company=company,
                number=form.cleaned_data["card_number"],
                exp_month=form.cleaned_data["exp_month"],
                exp_year=form.cleaned_data["exp_year"],
                now=now,
            )
        except ValidationFailed as error:
            add_service_errors(form, error, CARD_FIELDS)
        else:
            messages.success(
                request,
                f"Card saved: {CARD_BRANDS[company.payment_card_brand]} ending in {company.payment_card_last4}.",
            )
            return redirect("dashboard-payment")
    context = {
        "form": form,
        "company": company,
        "card_brand": CARD_BRANDS.get(company.payment_card_brand, company.payment_card_brand),
    }
    return render(request, "companies/payment.html", context)


# --- Partner keys --------------------------------------------------------------------------------------------------


def _keys_page(request, company, form=None, status=200, webhook_form=None):
    """The partner page: keys, then webhook endpoints (switched-off ones first, with their reason)."""
    keys = PartnerKey.objects.filter(company=company).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    endpoints = webhook_endpoints_for_company(company=company).order_by("is_active", "-created_at", "-id")
    context = {
        "keys": keys,
        "form": form or PartnerKeyIssueForm(),
        "endpoints": endpoints,
        "webhook_form": webhook_form or WebhookEndpointForm(),
        "max_endpoints": MAX_ENDPOINTS_PER_COMPANY,
    }
    return render(request, "companies/keys.html", context, status=status)


@company_staff_required
@require_http_methods(["GET"])
def key_list(request, *, company):
    return _keys_page(request, company)


# Where a freshly issued key waits, in the issuer's own session, for the one page that shows it.
ISSUED_KEY_SESSION = "partner_key_just_issued"


@company_staff_required
@require_http_methods(["GET", "POST"])
@never_cache
def key_issue(request, *, company):
    """POST issues a key and redirects here; GET shows it once. The full key is never stored with the key, so it
    waits in the issuer's session only until that first GET takes it out: a reload, the back button or a
    bookmark then says it was shown once, instead of issuing another key or showing it again."""
    if request.method == "POST":
        form = PartnerKeyIssueForm(request.POST)
        if not form.is_valid():
            return _keys_page(request, company, form)
        issued = services.partner_key_issue(company=company, label=form.cleaned_data["label"].strip())
        request.session[ISSUED_KEY_SESSION] = {"key_id": issued.key.pk, "raw": issued.raw}
        return redirect("dashboard-key-issue")
    pending = request.session.pop(ISSUED_KEY_SESSION, None)
    key = None
    if pending is not None:
        key = PartnerKey.objects.filter(company=company, pk=pending["key_id"]).first()
    if key is None:
        return render(request, "companies/key_issued.html", {"shown_already": True})
    context = {
        "key": key,
        "raw_key": pending["raw"],
        "api_url": request.build_absolute_uri(reverse("partner-jobs")),
    }
    return render(request, "companies/key_issued.html", context)


@company_staff_required
@require_http_methods(["GET", "POST"])
def key_revoke(request, key_id, *, company):
    key = get_object_or_404(PartnerKey, company=company, pk=key_id)
    if request.method == "GET":
        return render(request, "companies/key_revoke.html", {"key": key})
    if services.partner_key_revoke(key=key, actor=request.user, now=timezone.now()):
        messages.success(request, f"Key {key.prefix}… revoked. Requests using it are now refused.")
    else:
        messages.info(request, f"Key {key.prefix}… was already revoked.")
    return redirect("dashboard-keys")


# --- Webhooks ------------------------------------------------------------------------------------------------------

# How much of an endpoint's delivery log its page shows; the partner API pages through all of it.
DELIVERY_LOG_LENGTH = 20


@company_staff_required
@require_POST
@never_cache
def webhook_add(request, *, company):
    """Answers with the signing secret in the response itself, the one time the dashboard shows it."""
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            issued = webhook_endpoint_create(
                company=company, url=form.cleaned_data["url"], events=form.cleaned_data["events"]
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            context = {"endpoint": issued.endpoint, "secret": issued.secret}
            return render(request, "companies/webhook_created.html", context)
    return _keys_page(request, company, webhook_form=form)


@company_staff_required
@require_http_methods(["GET"])
def webhook_detail(request, endpoint_id, *, company):
    endpoint = get_object_or_404(WebhookEndpoint, company=company, pk=endpoint_id)
    deliveries = (
        WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event").order_by("-id")[:DELIVERY_LOG_LENGTH]
    )
    context = {"endpoint": endpoint, "deliveries": deliveries, "log_length": DELIVERY_LOG_LENGTH}
    return render(request, "companies/webhook_detail.html", context)


@company_staff_required
@require_POST
def webhook_enable(request, endpoint_id, *, company):
    endpoint = get_object_or_404(WebhookEndpoint, company=company, pk=endpoint_id)
    webhook_endpoint_update(endpoint=endpoint, is_active=True)
    messages.success(request, "The endpoint is on again: new events are sent to it.")
    return redirect("dashboard-webhook", endpoint_id=endpoint.pk)


@company_staff_required
@require_POST
def webhook_remove(request, endpoint_id, *, company):
    endpoint = get_object_or_404(WebhookEndpoint, company=company, pk=endpoint_id)
    webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, f"Endpoint {endpoint.url} removed, with its delivery log. No more events go there.")
    return redirect("dashboard-keys")


@company_staff_required
@require_POST
def webhook_resend(request, endpoint_id, delivery_id, *, company):
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("event", "endpoint"),
        endpoint__company=company,
        endpoint_id=endpoint_id,
        pk=delivery_id,
    )
    delivery = webhook_delivery_resend(delivery=delivery, now=timezone.now())
    if delivery.status == "SUCCEEDED":
        messages.success(request, f"Event {delivery.event_id} was sent again and accepted.")
    elif not delivery.endpoint.is_active:
        messages.error(request, "The endpoint is switched off; switch it back on to send events to it.")
    else:
        messages.info(request, f"Event {delivery.event_id} is queued to be sent again.")
    return redirect("dashboard-webhook", endpoint_id=endpoint_id)


# --- Account → Notifications ---------------------------------------------------------------------------------------


@company_staff_required
@require_http_methods(["GET", "POST"])
def notifications(request, *, company):
    """The signed-in staff member's own choices: which notification mails they get, and how."""
    current = notification_preferences_for_user(user_id=request.user.pk)
    form = NotificationPreferencesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_save(user_id=request.user.pk, choices=form.cleaned_data)
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your notification choices are saved.")
            return redirect("dashboard-notifications")
    return render(request, "companies/notifications.html", {"form": form})


# --- Team ----------------------------------------------------------------------------------------------------------


def _team_page(request, company, form, status=200):
    members = Membership.objects.filter(company=company).select_related("user").order_by("created_at", "pk")
    invitations = StaffInvitation.objects.pending(now=timezone.now()).filter(company=company).order_by("created_at")
    context = {"members": members, "invitations": invitations, "form": form}
    return render(request, "companies/team.html", context, status=status)


@company_staff_required
@require_http_methods(["GET"])
def team(request, *, company):
    return _team_page(request, company, StaffInviteForm())


@company_staff_required
@require_POST
def team_add(request, *, company):
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.staff_invite(
                company=company, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"We emailed an invitation to {invitation.email}. "
                "It works for 7 days; they appear here once they join.",
            )
            return redirect("dashboard-team")
    return _team_page(request, company, form)


@company_staff_required
@require_POST
def team_invitation_cancel(request, invitation_id, *, company):
    invitation = get_object_or_404(StaffInvitation, company=company, pk=invitation_id)
    if services.staff_invitation_cancel(invitation=invitation):
        messages.success(request, "The invitation was cancelled; its link no longer works.")
    else:
        messages.info(request, "That invitation was no longer pending.")
    return redirect("dashboard-team")


@never_cache
@sensitive_post_parameters("password", "password_confirm")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The mailed link: the invitee chooses a password, gets their account in the inviting company, and is signed
    in. Signed out first if someone else is signed in on this browser, so the new account is the one in use."""
    invitation = services.staff_invitation_for_token(token=token)
    if invitation is None:
        return render(request, "companies/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_invitation_accept(token=token, password=form.cleaned_data["password"])
        except InvitationInvalid:
            return render(request, "companies/invitation_invalid.html", status=404)
        except ValidationFailed as error:
            add_service_errors(form, error, {"email": NON_FIELD_ERRORS})
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.company.name}'s dashboard.")
            return redirect("dashboard")
    return render(request, "companies/invitation_accept.html", {"invitation": invitation, "form": form})


@company_staff_required
@require_http_methods(["GET", "POST"])
def team_remove(request, member_id, *, company):
    """member_id is the Membership's id: the thing removed, and scoped to this company by construction."""
    membership = get_object_or_404(Membership.objects.select_related("user"), company=company, pk=member_id)
    is_self = membership.user_id == request.user.pk
    if request.method == "GET":
        return render(request, "companies/team_remove.html", {"member": membership, "is_self": is_self})
    try:
        removed = services.company_staff_remove(membership=membership, actor=request.user)
    except (CannotRemoveSelf, NotAMember) as error:
        messages.error(request, error.message)
        return redirect("dashboard-team")
    if removed:
        messages.success(request, f"{membership.user.email} was removed and can no longer sign in.")
    else:
        messages.info(request, f"{membership.user.email} had already been removed.")
    return redirect("dashboard-team")
