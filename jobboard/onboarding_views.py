"""The approved company's first steps (under /dashboard/welcome/): its profile, then the publish checklist (terms
and payment). Its first logins land here until it finishes or skips; the overview offers to resume it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from companies.access import company_staff_required
from companies.applications.services import company_onboarding_set
from companies.models import OnboardingState

from .views import company_profile_form_save, logo_images_allowed


@logo_images_allowed
@company_staff_required
@require_http_methods(["GET", "POST"])
def welcome(request, *, company):
    """Step 1: the profile, saved through the same form and service as the Company page."""
    form, saved = company_profile_form_save(request, company)
    if saved:
        return redirect("dashboard-welcome-publish")
    return render(request, "dashboard/welcome.html", {"form": form, "company": company})


@company_staff_required
@require_http_methods(["GET", "POST"])
def welcome_publish(request, *, company):
    """Step 2: the existing publish checklist; Finish ends the onboarding."""
    if request.method == "POST":
        company_onboarding_set(company=company, state=OnboardingState.DONE)
        messages.success(request, f"Welcome aboard, {company.name}.")
        return redirect("dashboard")
    context = {"company": company, "terms_version": settings.CURRENT_EMPLOYER_TERMS_VERSION}
    return render(request, "dashboard/welcome_publish.html", context)


@company_staff_required
@require_POST
def welcome_skip(request, *, company):
    company_onboarding_set(company=company, state=OnboardingState.SKIPPED)
    messages.info(request, "Setup skipped. You can continue it from the overview at any time.")
    return redirect("dashboard")
