from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Staff sign in with their email, matched without regard to case, as the offers API does."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. Check both and try again.",
    }

    def clean(self):
        email = self.cleaned_data.get("username")
        if email:
            user = get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()
            if user is not None:
                self.cleaned_data["username"] = user.get_username()
        return super().clean()
