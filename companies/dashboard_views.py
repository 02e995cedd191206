"""Company dashboard pages: the profile, employer terms, payment card, partner keys and team (under /dashboard/)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import company_staff_required
from .exceptions import CannotRemoveSelf, NotAMember, ValidationFailed
from .forms import (
    CARD_FIELDS,
    AcceptTermsForm,
    PartnerKeyIssueForm,
    PaymentCardForm,
    StaffAddForm,
    add_service_errors,
)
from .models import Membership, PartnerKey
from .validators import CARD_BRANDS

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


def _keys_page(request, company, form, status=200):
    keys = PartnerKey.objects.filter(company=company).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    return render(request, "companies/keys.html", {"keys": keys, "form": form}, status=status)


@company_staff_required
@require_http_methods(["GET"])
def key_list(request, *, company):
    return _keys_page(request, company, PartnerKeyIssueForm())


@company_staff_required
@require_POST
@never_cache
def key_issue(request, *, company):
    """Answers with the full key in the response itself: it is never stored, so it cannot be shown again later."""
    form = PartnerKeyIssueForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, company, form)
    issued = services.partner_key_issue(company=company, label=form.cleaned_data["label"].strip())
    return render(request, "companies/key_issued.html", {"key": issued.key, "raw_key": issued.raw})


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


# --- Team ----------------------------------------------------------------------------------------------------------


def _team_page(request, company, form, status=200):
    members = Membership.objects.filter(company=company).select_related("user").order_by("created_at", "pk")
    return render(request, "companies/team.html", {"members": members, "form": form}, status=status)


@company_staff_required
@require_http_methods(["GET"])
def team(request, *, company):
    return _team_page(request, company, StaffAddForm())


@sensitive_post_parameters("password", "password_confirm")
@company_staff_required
@require_POST
def team_add(request, *, company):
    form = StaffAddForm(request.POST)
    if form.is_valid():
        try:
            user = services.company_staff_add(
                company=company, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{user.email} can now sign in to the dashboard with the password you chose.")
            return redirect("dashboard-team")
    return _team_page(request, company, form)


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
