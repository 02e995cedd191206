"""The sign-up form: its clean() asks companies.validators, as the service and the API do."""

from django import forms

from .. import validators
from ..forms import add_errors

V = validators


class CompanySignupForm(forms.Form):
    email = forms.CharField(
        label="Work email",
        max_length=V.STAFF_EMAIL_MAX,
        help_text="You will log in with it. We send a link to confirm it; the link works for one hour.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text=f"At least {V.APPLICATION_PASSWORD_MIN} characters, with at least one digit; not a common "
        "password, nor one like your email.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    company_name = forms.CharField(
        label="Company name",
        help_text=f"{V.COMPANY_NAME_MIN} to {V.COMPANY_NAME_MAX} characters, as candidates will see it.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    motivation = forms.CharField(
        label="Why do you want to join?",
        help_text=f"{V.MOTIVATION_MIN} to {V.MOTIVATION_MAX} characters: what you hire for, and where. An admin "
        "reads it before approving your company.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Every rule is checked on the server and shown next to its field; the browser's own bubbles would
            # say it differently, so none of the limits are HTML attributes.
            field.widget.attrs.pop("maxlength", None)
            field.error_messages["required"] = "This field is required."

    def clean(self):
        super().clean()
        data = self.cleaned_data
        rules = V.company_application_errors(
            email=data.get("email", ""),
            password=data.get("password", ""),
            company_name=data.get("company_name", ""),
            motivation=data.get("motivation", ""),
            email_taken=False,  # the service looks it up
        )
        add_errors(self, {name: rule.text for name, rule in rules.items() if name in data})
        return data
