"""The dashboard's and the admin's login pages, answering 429 while the login throttle refuses attempts."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect
from django.urls import reverse

from companies.applications.selectors import company_onboarding_state
from companies.applications.views import STATUS_SESSION_KEY
from companies.models import OnboardingState
from companies.selectors import company_for_user

from .forms import THROTTLED, EmailAuthenticationForm, ThrottledAdminAuthenticationForm


def answer_429_when_throttled(view):
    """The login views re-render the form on any refusal with 200; a throttled one answers 429 and Retry-After,
    so scripts and monitoring see the refusal for what it is."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.is_bound and form.has_error(NON_FIELD_ERRORS, THROTTLED):
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response

    return wrapped


class DashboardLoginView(auth_views.LoginView):
    """The staff login. An applicant whose company is not approved (no account yet) who types the application's
    email and password is shown its state at /signup/status/, never the dashboard; an approved company's first
    logins land on its onboarding until it is done or skipped."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        if form.application is not None:
            # Not a login: the session only remembers which application it may show.
            self.request.session.cycle_key()
            self.request.session[STATUS_SESSION_KEY] = form.application.pk
            return HttpResponseRedirect(reverse("signup-status"))
        response = super().form_valid(form)
        self.request.session.pop(STATUS_SESSION_KEY, None)
        company = company_for_user(form.get_user())
        asked_for = self.get_redirect_url()
        if company is not None and not asked_for and company_onboarding_state(company=company) == OnboardingState.NEW:
            return HttpResponseRedirect(reverse("dashboard-welcome"))
        return response


dashboard_login = answer_429_when_throttled(DashboardLoginView.as_view())


def _admin_login(request, extra_context=None):
    return admin.site.login(request, extra_context)


# AdminSite.login builds its form from `login_form`: the throttled one, so /admin/login/ counts failures with
# the other logins.
admin.site.login_form = ThrottledAdminAuthenticationForm
admin_login = answer_429_when_throttled(_admin_login)
