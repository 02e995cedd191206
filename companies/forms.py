"""Dashboard forms about the company; each clean() asks companies.validators, as the services do."""

from django import forms
from django.utils import timezone

from . import validators
from .exceptions import ValidationFailed
from .models import WEBHOOK_EVENT_TYPES, NotificationKind


def add_errors(form: forms.BaseForm, errors: dict[str, str], field_map: dict[str, str] | None = None) -> None:
    """Puts rule errors (keys in the validators' model-field vocabulary, `locations[2]` or `budgets[1].window`
    for one item of a set) next to their form fields; what has no field of its own goes to the top of the
    form. A field that already failed keeps its first message. Every dashboard form uses this one."""
    for key, message in errors.items():
        head = key.partition("[")[0].partition(".")[0]
        field: str | None = (field_map or {}).get(head, head)
        if field not in form.fields:
            field = None
        if field is None or field not in form.errors:
            form.add_error(field, message)


def add_service_errors(form: forms.BaseForm, error: ValidationFailed, field_map: dict[str, str] | None = None) -> None:
    add_errors(form, error.fields, field_map)


class CompanyProfileForm(forms.Form):
    name = forms.CharField(label="Company name", error_messages={"required": "Enter your company's name."})
    logo_url = forms.CharField(
        label="Logo URL",
        required=False,
        help_text="A link to your logo image, starting with https://. Leave empty for no logo.",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/logo.png", "inputmode": "url"}),
    )
    bio = forms.CharField(
        label="About the company",
        required=False,
        help_text="A few sentences candidates see next to your jobs and offers.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contacts = forms.CharField(
        label="Contacts",
        required=False,
        help_text=f"One email address or phone number per line, up to {validators.CONTACTS_MAX}.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def for_company(cls, company, data=None):
        initial = {
            "name": company.name,
            "logo_url": company.logo_url,
            "bio": company.bio,
            "contacts": "\n".join(company.contacts or []),
        }
        return cls(data, initial=initial)

    def clean_logo_url(self):
        value = self.cleaned_data["logo_url"].strip()
        # As URL fields do from Django 6 on: "example.com/logo.png" means https.
        if value and "://" not in value and ":" not in value.split("/")[0] and "." in value and " " not in value:
            value = "https://" + value
        return value

    def clean_contacts(self):
        # Blank lines are layout, not contacts.
        return [line.strip() for line in self.cleaned_data["contacts"].splitlines() if line.strip()]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        add_errors(
            self,
            validators.company_profile_errors(
                name=data.get("name", ""),
                logo_url=data.get("logo_url", ""),
                bio=data.get("bio", ""),
                contacts=data.get("contacts", []),
            ),
        )
        return data


class AcceptTermsForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read and accept these employer terms",
        error_messages={"required": "Tick the box to accept the terms; nothing is recorded until you do."},
    )


class NoEchoTextInput(forms.TextInput):
    """A text input that never renders its submitted value, so a page shown again after an error does not carry
    the card number or security code (the same idea as PasswordInput(render_value=False), without the dots)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


# Service parameter → form field, for errors a service raises.
CARD_FIELDS = {"number": "card_number", "expiry": "expiry", "cvc": "cvc"}


class PaymentCardForm(forms.Form):
    cardholder_name = forms.CharField(
        label="Name on the card", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "cc-name"})
    )
    card_number = forms.CharField(
        label="Card number",
        max_length=40,
        widget=NoEchoTextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric", "spellcheck": "false"}),
    )
    expiry = forms.CharField(
        label="Expiry date (MM/YY)",
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "placeholder": "MM/YY", "inputmode": "numeric"}),
    )
    cvc = forms.CharField(
        label="Security code (CVC)",
        max_length=4,
        help_text="3 digits on the back of the card, or 4 on the front for American Express.",
        widget=NoEchoTextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric", "size": 5}),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "card_number" in data:
            add_errors(self, validators.card_number_errors(data["card_number"]), CARD_FIELDS)
        if "expiry" in data:
            parsed = validators.parse_card_expiry(data["expiry"])
            if parsed is None:
                self.add_error("expiry", "Enter the expiry date as MM/YY, for example 08/29.")
            else:
                data["exp_month"], data["exp_year"] = parsed
                add_errors(self, validators.card_expiry_errors(*parsed, now=self.now), CARD_FIELDS)
        if "cvc" in data:
            add_errors(self, validators.card_cvc_errors(data["cvc"]), CARD_FIELDS)
        return data


class PartnerKeyIssueForm(forms.Form):
    label = forms.CharField(
        label="Label (optional)",
        required=False,
        help_text="Helps you recognise the key later, e.g. “ATS integration”.",
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        add_errors(self, validators.partner_key_label_errors(data.get("label", "")))
        return data


class StaffInviteForm(forms.Form):
    email = forms.CharField(
        label="Email",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="We email your colleague a link to choose their password and join; it works for 7 days.",
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        add_errors(self, validators.staff_email_errors(data.get("email", "")))
        return data


class InvitationAcceptForm(forms.Form):
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "password" in data:
            add_errors(self, validators.staff_password_errors(data["password"], email=self.email))
        if "password" in data and "password_confirm" in data and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", "The two passwords do not match. Type the same password twice.")
        return data


# Each event as a company reads it in the dashboard.
WEBHOOK_EVENT_LABELS = {
    "application.created": "application.created: a candidate applied to one of your jobs",
    "job.status_changed": "job.status_changed: a job was published, paused, resumed, closed or expired",
    "job.budget_exhausted": "job.budget_exhausted: a job's budget window is full until it resets",
    "offer.hidden": "offer.hidden: an offer was hidden, blocked, hidden with the company, or ended",
}


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=validators.WEBHOOK_URL_MAX,
        help_text="Where we POST the events, e.g. https://ats.example/hooks/jobboard. It must be reachable from "
        "the internet.",
        widget=forms.URLInput(attrs={"placeholder": "https://ats.example/hooks/jobboard", "inputmode": "url"}),
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(event, WEBHOOK_EVENT_LABELS[event]) for event in WEBHOOK_EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "url" in data:
            add_errors(self, validators.webhook_url_errors(data["url"]))
        return data


class NotificationPreferencesForm(forms.Form):
    """Account → Notifications: one set of radio buttons per kind of notification, filled with the staff
    member's current choices."""

    DELIVERY_WORDS = {"instant": "Right away", "daily": "Daily digest", "off": "Off"}
    ON_OFF_WORDS = {"instant": "On", "off": "Off"}

    def __init__(self, data=None, *, current: dict[str, str]):
        super().__init__(data, initial=current)
        for kind in NotificationKind:
            allowed = validators.notification_deliveries_allowed(kind.value)
            words = self.DELIVERY_WORDS if len(allowed) > 2 else self.ON_OFF_WORDS
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=[(delivery, words[delivery]) for delivery in allowed],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose one.", "invalid_choice": "Choose one of the options shown."},
            )
