from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader

from companies import login_throttle
from companies.applications.services import company_application_for_login
from plumbing.mail import Mail
from plumbing.ratelimit import limit_wait
from plumbing.services import mail_queue

from .models import AlertFrequency
from .validators import alert_email_errors, alert_frequency_errors

THROTTLED = "throttled"


class ThrottledLoginMixin(AuthenticationForm):
    """The login forms' clean(): the password is checked through the shared login throttle (so failures on
    the dashboard, the admin and the offers API count together), and a refused attempt says when to retry.

    The view answers 429 when the form carries the THROTTLED error (jobboard.login_views)."""

    retry_after = 0

    def throttled_error(self, throttled: login_throttle.LoginThrottled) -> ValidationError:
        self.retry_after = throttled.retry_after
        minutes = throttled.minutes
        return ValidationError(
            f"Too many failed attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}.", code=THROTTLED
        )

    def find_user(self, identifier: str):
        raise NotImplementedError

    def account_for(self, identifier: str, user) -> str:
        return identifier

    def clean(self):
        identifier = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if identifier is not None and password:
            user = self.find_user(identifier)
            try:
                self.user_cache = login_throttle.login_attempt(
                    self.request, user=user, account=self.account_for(identifier, user), password=password
                )
            except login_throttle.LoginThrottled as throttled:
                raise self.throttled_error(throttled) from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """Staff sign in with their email, matched without regard to case, as the offers API does."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. Check both and try again.",
    }

    # An open company application (unverified, pending or rejected) this email and password name: the login
    # view shows its state instead of signing anyone in (there is no account until an admin approves it).
    application = None

    def find_user(self, identifier: str):
        return login_throttle.user_for_email(identifier)

    def clean(self):
        identifier = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if identifier is not None and password and self.find_user(identifier) is None:
            # No account: the email and password may be an application's. Under the same throttle, and with one
            # password hash either way, so the answer's timing does not tell whether an application exists.
            ip = login_throttle.client_ip(self.request)
            wait = login_throttle.retry_after(account=identifier, ip=ip)
            if wait:
                raise self.throttled_error(login_throttle.LoginThrottled(wait))
            self.application = company_application_for_login(email=identifier, password=password)
            if self.application is None:
                login_throttle.record_failure(account=identifier, ip=ip)
                raise self.get_invalid_login_error()
            login_throttle.record_success(account=identifier)
            return self.cleaned_data
        return super().clean()


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login by email, as the dashboard's (admins are created with their email as username), counted
    against the account's email so that every login shares it. An account made without an email (createsuperuser
    leaves it optional) still signs in with its username, so the field stays plain text."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django labels it after USERNAME_FIELD ("Username"), which sent admins looking for a name they never had.
        self.fields["username"].label = "Email"
        self.fields["username"].widget.attrs.update(autocomplete="email", inputmode="email")

    def find_user(self, identifier: str):
        return login_throttle.user_for_email(identifier) or login_throttle.user_for_username(identifier)

    def account_for(self, identifier: str, user) -> str:
        return user.email if user is not None and user.email else identifier


# Reset mails: at most this many to one address and this many requests from one address in an hour. A request
# over either limit gets the same "check your email" page and sends nothing, so the page tells nothing.
RESET_MAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_IP = 10
RESET_WINDOW_SECONDS = 60 * 60


def _within_limit(key: str, limit: int) -> bool:
    return not limit_wait(key, limit, RESET_WINDOW_SECONDS, what="Password reset limit")


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its mail limited per address and per client, and sent by the mail task after
    the response (with Redis a worker sends it), so neither a flood nor the answer's timing reaches anyone."""

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]  # PasswordResetView passes keywords only
        request = kwargs.get("request")
        ip = login_throttle.client_ip(request) if request is not None else ""
        if ip and not _within_limit(f"password-reset:ip:{ip}", RESET_REQUESTS_PER_IP):
            return
        address = login_throttle.account_key(self.cleaned_data["email"])
        if not _within_limit(f"password-reset:address:{address}", RESET_MAILS_PER_ADDRESS):
            return
        super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        mail_queue(mail=Mail(kind="password_reset", to=to_email, subject=subject, text=text, html=html))


class SearchAlertForm(forms.Form):
    """Email and frequency of a saved-search alert; the search itself comes from the page's query string."""

    email = forms.EmailField(label="Your email address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.DAILY,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        errors = alert_email_errors(cleaned.get("email") or "") if "email" in cleaned else {}
        errors.update(alert_frequency_errors(cleaned.get("frequency") or "") if "frequency" in cleaned else {})
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned
