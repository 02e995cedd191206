from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from companies import login_throttle

THROTTLED = "throttled"


class ThrottledLoginMixin:
    """The login forms' clean(): the password is checked through the shared login throttle (so failures on
    the dashboard, the admin and the offers API count together), and a refused attempt says when to retry.

    The view answers 429 when the form carries the THROTTLED error (jobboard.login_views)."""

    retry_after = 0

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
                self.retry_after = throttled.retry_after
                minutes = throttled.minutes
                raise ValidationError(
                    f"Too many failed attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                    code=THROTTLED,
                ) from None
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

    def find_user(self, identifier: str):
        return login_throttle.user_for_email(identifier)


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login by username, counted against the account's email so that every login shares it."""

    def find_user(self, identifier: str):
        return login_throttle.user_for_username(identifier)

    def account_for(self, identifier: str, user) -> str:
        return user.email if user is not None and user.email else identifier
