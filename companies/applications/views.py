"""Company sign-up pages: apply, check your email, confirm by the mailed link, and the application's state for a
person who logs in with an application's email and password (they have no account yet)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from .. import login_throttle
from ..exceptions import ApplicationAlreadyValidated, ApplicationRulesBroken, ExpiredToken, InvalidToken, SignUpLimited
from ..forms import add_service_errors
from ..models import ApplicationState, CompanyApplication
from .forms import CompanySignupForm
from .services import (
    OPEN_STATES,
    company_application_check_limits,
    company_application_for_token,
    company_application_submit,
    company_application_validate,
)

# Set by the dashboard login when the email and password are an open application's: the one it may show.
STATUS_SESSION_KEY = "company_application_id"


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@never_cache
def signup(request):
    form = CompanySignupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            company_application_check_limits(ip=login_throttle.client_ip(request), email=request.POST.get("email"))
        except SignUpLimited as error:
            minutes = max(1, -(-error.retry_after // 60))
            form.is_valid()
            form.add_error(None, f"Too many sign-up attempts. Try again in {minutes} minute{'s' * (minutes != 1)}.")
            response = render(request, "companies/signup.html", {"form": form}, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = company_application_submit(
                    email=data["email"],
                    password=data["password"],
                    company_name=data["company_name"],
                    motivation=data["motivation"],
                )
            except ApplicationRulesBroken as error:
                add_service_errors(form, error)
            else:
                request.session["signup_sent_to"] = application.email
                return redirect("signup-sent")
        status = 422 if form.errors else 200
    return render(request, "companies/signup.html", {"form": form}, status=status)


@require_safe
def signup_sent(request):
    return render(request, "companies/signup_sent.html", {"email": request.session.get("signup_sent_to", "")})


def _confirm_page(request, application: CompanyApplication, *, status: int = 200):
    expired = application.state == ApplicationState.UNVERIFIED and application.token_expires_at <= timezone.now()
    context = {"application": application, "expired": expired}
    return render(request, "companies/signup_confirm.html", context, status=410 if expired else status)


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token: str):
    """The mailed link: one Confirm button moves the application to review. Opening the link again (before or
    after) changes nothing and says where the application is."""
    application = company_application_for_token(token=token)
    if application is None:
        return render(request, "companies/signup_confirm_invalid.html", status=404)
    if request.method == "POST":
        try:
            company_application_validate(token=token)
        except (InvalidToken, ExpiredToken, ApplicationAlreadyValidated):
            pass  # the page below says which
        else:
            messages.success(request, "Thank you: your email address is confirmed.")
        return redirect("signup-confirm", token=token)
    return _confirm_page(request, application)


@require_safe
@never_cache
def signup_status(request):
    """The application's state (and a rejection's reason) for whoever logged in with its email and password."""
    pk = request.session.get(STATUS_SESSION_KEY)
    application = CompanyApplication.objects.filter(pk=pk).first() if pk else None
    if application is None:
        return redirect(reverse("dashboard-login"))
    expired = application.state == ApplicationState.UNVERIFIED and application.token_expires_at <= timezone.now()
    context = {"application": application, "expired": expired, "open": application.state in OPEN_STATES}
    return render(request, "companies/signup_status.html", context)
