"""The dashboard's and the admin's login pages, answering 429 while the login throttle refuses attempts."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS

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


dashboard_login = answer_429_when_throttled(
    auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True)
)


def _admin_login(request, extra_context=None):
    return admin.site.login(request, extra_context)


# AdminSite.login builds its form from `login_form`: the throttled one, so /admin/login/ counts failures with
# the other logins.
admin.site.login_form = ThrottledAdminAuthenticationForm
admin_login = answer_429_when_throttled(_admin_login)
