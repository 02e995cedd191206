"""Dashboard forms for offers. Each form field stands for one offers API field, and the rules are the validators'.

The form turns what a person typed into the API body shape, so clean() and the services judge it with
offer_body_errors exactly as they judge the API; NIJobs message identifiers become sentences here.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django import forms
from django.conf import settings
from django.utils import timezone

from plumbing.posting_html import FORMATTING_HELP
from plumbing.times import iso_z

from .exceptions import OfferError
from .models import (
    FIELDS,
    FIELDS_MAX,
    FIELDS_MIN,
    JOB_TYPES,
    MAX_CONCURRENT_OFFERS,
    TECHNOLOGIES,
    TECHNOLOGIES_MAX,
    TECHNOLOGIES_MIN,
    Offer,
    offer_label,
)
from .selectors import OfferState
from .validators import (
    DESCRIPTION_MAX_RAW,
    DESCRIPTION_MAX_VISIBLE,
    INT_COLUMN_MAX,
    LOCATION_MAX,
    TITLE_MAX,
    FieldError,
    offer_body_errors,
    parse_iso8601,
)

# Form field → offers API field (FieldError.param).
API_NAMES = {
    "title": "title",
    "publish_date": "publishDate",
    "publish_end_date": "publishEndDate",
    "job_min_duration": "jobMinDuration",
    "job_max_duration": "jobMaxDuration",
    "job_start_date": "jobStartDate",
    "description": "description",
    "contacts": "contacts",
    "requirements": "requirements",
    "is_paid": "isPaid",
    "vacancies": "vacancies",
    "job_type": "jobType",
    "job_fields": "fields",
    "technologies": "technologies",
    "location": "location",
    "apply_url": "applyURL",
    "create_hidden": "isHidden",
}
FORM_NAMES = {api: form for form, api in API_NAMES.items()}

# Optional fields that an empty input clears on edit (the API's null).
CLEARABLE = {"job_max_duration", "job_start_date", "is_paid", "vacancies", "apply_url"}

PAID_CHOICES = [("", "Not specified"), ("yes", "Yes, paid"), ("no", "No, unpaid")]


def when(value: datetime, *, round_up: bool = False) -> str:
    """An instant as people read and type it, in UTC, to the minute: "3 Jun 2027, 14:05 UTC".

    round_up names the next minute instead, so a limit stated to a person is one they can safely use.
    """
    value = value.astimezone(dt_timezone.utc)
    minute = value.replace(second=0, microsecond=0)
    if round_up and minute != value:
        minute += timedelta(minutes=1)
    return f"{minute.day} {minute:%b %Y}, {minute:%H:%M} UTC"


def _limit(raw: str, *, round_up: bool) -> str:
    value = parse_iso8601(raw)
    return raw if value is None else when(value, round_up=round_up)


def _bounds(msg: str) -> tuple[int, int] | None:
    # "size-must-be-between:[1,5]"
    try:
        low, high = msg.split(":", 1)[1].strip("[]").split(",")
        return int(low), int(high)
    except ValueError:
        return None


def concurrent_limit_message(window: tuple[datetime, datetime] | None) -> str:
    if window is None:
        return (
            f"You already have {MAX_CONCURRENT_OFFERS} offers live during those dates. "
            "Hide or archive one, or choose other dates."
        )
    start, end = window
    return (
        f"You already have {MAX_CONCURRENT_OFFERS} offers live between {when(start)} and {when(end, round_up=True)}. "
        "Hide or archive one, or choose dates outside that period."
    )


REFUSALS = {
    "company-blocked": (
        "Your company is blocked by the platform's admins, so offers cannot be created, edited, hidden, enabled "
        "or archived until an admin lifts the block."
    ),
    "company-disabled": (
        "Your company account is disabled, so offers cannot be created or changed. "
        "Re-enable the account on the Company page first."
    ),
    "offer-blocked-by-admin": (
        "This offer is blocked by an admin, so it cannot be edited or shown again. "
        "To ask about it or appeal, write to {support_email}."
    ),
    "offer-is-hidden": "This offer is already hidden.",
    "insufficient-permissions": "You are not allowed to do this.",
    "login-required": "Log in again to continue.",
}


def refusal_message(error: FieldError, *, window: tuple[datetime, datetime] | None = None) -> str:
    """A refusal that concerns no single field, in words."""
    msg = error.msg
    if msg.startswith("max-concurrent-offers-reached:"):
        return concurrent_limit_message(window)
    if msg.startswith(("no-offer-found-with-id:", "not-offer-owner:")):
        return "This offer was not found."
    if msg.startswith("no-company-found-with-id:"):
        return "Your company was not found."
    # Read per message, not at import: SUPPORT_EMAIL is a setting.
    return REFUSALS.get(msg, "This was refused. Check the offer and try again.").format(
        support_email=settings.SUPPORT_EMAIL
    )


def field_error_message(error: FieldError) -> str:
    """What a person reads next to a field for one NIJobs validation message."""
    param, msg = error.param, error.msg
    if msg == "required":
        return "This field is required."
    if msg == "must-be-string":
        if param in ("contacts", "requirements"):
            return "Each line must be plain text."
        return "Must be plain text (no invisible control characters)."
    if msg == "must-be-array":
        return "Give a list of values."
    if msg == "must-be-object":
        return "The form could not be read; reload the page and try again."
    if msg == "must-be-int":
        return "Enter a whole number."
    if msg == "must-be-boolean":
        return "Choose yes or no."
    if msg == "must-be-ISO8601-date":
        return "Enter a valid date." if param == "jobStartDate" else "Enter a valid date and time."
    if msg == "date-already-past":
        return "This date is in the past."
    if msg == "must-be-after:publishDate":
        return "Must be after the publish date."
    if msg == "must-be-before:publishEndDate":
        return "Must be before the end of publication."
    if msg.startswith("must-be-before:"):
        latest = _limit(msg.split(":", 1)[1], round_up=False)
        return f"Must be on or before {latest} (6 months after the publish date)."
    if msg.startswith("must-be-after:"):
        limit = _limit(msg.split(":", 1)[1], round_up=True)
        return f"Must be on or after {limit}: an offer is published for at most 6 months."
    if msg.startswith("max-length-exceeded:"):
        n = msg.split(":", 1)[1]
        if param == "description" and n == str(DESCRIPTION_MAX_RAW):
            return f"At most {n} characters in all, HTML tags included."
        if param == "description":
            return f"At most {n} characters of visible text (HTML tags do not count)."
        if param in ("contacts", "requirements"):
            return f"Each line can have at most {n} characters."
        return f"At most {n} characters."
    if msg.startswith("below-min-length:"):
        return "Add at least one line."
    if msg == "must-be-greater-than-or-equal-to-1":
        return "Must be 1 or more."
    if msg.startswith("must-be-less-than-or-equal-to-"):
        return f"Must be {msg.removeprefix('must-be-less-than-or-equal-to-')} or less."
    if msg == "must-be-greater-than-or-equal-to:jobMinDuration":
        return "Must be at least the minimum duration."
    if msg == "job-max-duration-requires-job-min-duration":
        return "Set a minimum duration too."
    if msg.startswith("size-must-be-between:"):
        bounds = _bounds(msg)
        if param == "coordinates":
            return "Give two numbers: longitude and latitude."
        if param in ("contacts", "requirements") and bounds:
            return f"Give between {bounds[0]} and {bounds[1]} lines."
        if bounds:
            return f"Pick between {bounds[0]} and {bounds[1]}."
        return "Pick a number of values within the limits."
    if msg.startswith("must-be-in:"):
        return {
            "jobType": "Choose one of the listed job types.",
            "fields": "Choose only from the listed fields.",
            "technologies": "Choose only from the listed technologies.",
            "coordinates": "Longitude must be between -180 and 180, latitude between -90 and 90.",
        }.get(param, "Choose one of the listed values.")
    if msg == "duplicate-values":
        return "Choose each value only once."
    if msg == "invalid-apply-url":
        return (
            "Enter a web address (https://…) or an email link (mailto:name@example.com); "
            "a web address may not contain a backslash or a name@ before its host."
        )
    if msg.startswith("no-company-found-with-id:"):
        return "Your company was not found."
    return "This value is not accepted."


class LinesField(forms.CharField):
    """A textarea holding one item per line; the value is the list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _to_minute(value: datetime | None) -> datetime | None:
    # The datetime-local input holds minutes; an untouched value must compare equal to what is stored.
    return value.astimezone(dt_timezone.utc).replace(second=0, microsecond=0) if value else None


class OfferForm(forms.Form):
    """Create (offer=None) or edit an offer. Dates are UTC, as the API's."""

    title = forms.CharField(
        label="Title",
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
        help_text=f"Up to {TITLE_MAX} characters.",
    )
    publish_date = forms.DateTimeField(
        label="Publish from (UTC)",
        required=False,
        widget=_datetime_input(),
        help_text="Leave empty to publish now. Times are in UTC.",
    )
    publish_end_date = forms.DateTimeField(
        label="Publish until (UTC)",
        widget=_datetime_input(),
        help_text="In UTC; at most 6 months after the publish date.",
    )
    job_min_duration = forms.IntegerField(
        label="Minimum duration (months)", max_value=INT_COLUMN_MAX, widget=forms.NumberInput(attrs={"min": 1})
    )
    job_max_duration = forms.IntegerField(
        label="Maximum duration (months)",
        required=False,
        max_value=INT_COLUMN_MAX,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text="Optional; at least the minimum duration.",
    )
    job_start_date = forms.DateField(
        label="Job starts on", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Optional."
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            f"{FORMATTING_HELP} At most {DESCRIPTION_MAX_VISIBLE} characters of visible text: tags do not count."
        ),
    )
    contacts = LinesField(
        label="Contacts", help_text="One per line (an email, a phone number, a web page). At least one."
    )
    requirements = LinesField(label="Requirements", help_text="One per line. At least one.")
    is_paid = forms.ChoiceField(label="Is it paid?", choices=PAID_CHOICES, required=False, widget=forms.RadioSelect)
    vacancies = forms.IntegerField(
        label="Vacancies",
        required=False,
        max_value=INT_COLUMN_MAX,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text="Optional.",
    )
    job_type = forms.ChoiceField(
        label="Job type", choices=[("", "Choose a job type")] + [(t, offer_label(t)) for t in JOB_TYPES]
    )
    # Not "fields": a form's `fields` attribute is its field list, and templates could not reach this one.
    job_fields = forms.MultipleChoiceField(
        label="Fields",
        choices=[(f, offer_label(f)) for f in FIELDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Pick between {FIELDS_MIN} and {FIELDS_MAX}.",
    )
    technologies = forms.MultipleChoiceField(
        label="Technologies",
        choices=[(t, t) for t in TECHNOLOGIES],
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Pick between {TECHNOLOGIES_MIN} and {TECHNOLOGIES_MAX}.",
    )
    location = forms.CharField(
        label="Location",
        widget=forms.TextInput(attrs={"maxlength": LOCATION_MAX}),
        help_text="Usually “City, Country”.",
    )
    apply_url = forms.CharField(
        label="Where to apply",
        required=False,
        help_text="Optional: a web address (https://…) or an email link (mailto:jobs@example.com).",
    )
    create_hidden = forms.BooleanField(
        label="Create it hidden (it does not count toward the limit until you enable it)", required=False
    )

    def __init__(self, *args, offer: Offer | None = None, now: datetime | None = None, **kwargs):
        self.offer = offer
        self.now = now or timezone.now()
        if offer is not None:
            kwargs.setdefault("initial", self.initial_from(offer))
        super().__init__(*args, **kwargs)
        if offer is not None:
            del self.fields["create_hidden"]
            # On edit an empty start keeps the stored one; it cannot be "now" as on create.
            self.fields["publish_date"].help_text = "Times are in UTC. Only a future date can be set."
        self.body: dict = {}

    @staticmethod
    def initial_from(offer: Offer) -> dict:
        return {
            "title": offer.title,
            "publish_date": _to_minute(offer.publish_date),
            "publish_end_date": _to_minute(offer.publish_end_date),
            "job_min_duration": offer.job_min_duration,
            "job_max_duration": offer.job_max_duration,
            "job_start_date": offer.job_start_date.astimezone(dt_timezone.utc).date() if offer.job_start_date else None,
            "description": offer.description,
            "contacts": list(offer.contacts),
            "requirements": list(offer.requirements),
            "is_paid": {True: "yes", False: "no"}.get(offer.is_paid, ""),
            "vacancies": offer.vacancies,
            "job_type": offer.job_type,
            "job_fields": list(offer.fields),
            "technologies": list(offer.technologies),
            "location": offer.location,
            "apply_url": offer.apply_url or "",
        }

    def _api_value(self, name: str, value):
        if value in (None, "", []):
            return None
        if isinstance(value, datetime):
            return iso_z(value)
        if isinstance(value, date):
            return value.isoformat()
        if name == "is_paid":
            return value == "yes"
        return value

    def _build_body(self, cleaned: Mapping) -> dict:
        """The API body: on create every filled field; on edit only what changed (the API edits any subset)."""
        body = {}
        editing = self.offer is not None
        for name in self.fields:
            if name not in cleaned or (editing and name not in self.changed_data):
                continue
            value = self._api_value(name, cleaned[name])
            if value is None and not (editing and name in CLEARABLE):
                continue  # empty: absent, so "required" or the default applies
            body[API_NAMES[name]] = value
        return body

    def clean(self):
        cleaned = super().clean()
        self.body = self._build_body(cleaned)
        stored = None
        if self.offer is not None:
            stored = {f.attname: getattr(self.offer, f.attname) for f in Offer._meta.concrete_fields}
        errors, _ = offer_body_errors(self.body, stored=stored, now=self.now)
        self.add_offer_errors(errors)
        return cleaned

    def add_offer_errors(self, errors: list[FieldError], *, window=None) -> None:
        """Shows each rule's refusal next to its field, or at the top when it concerns no field."""
        for error in errors:
            name = FORM_NAMES.get(error.param)
            if name in self.fields:
                if name not in self.errors:  # the field's own check already said what is wrong
                    self.add_error(name, field_error_message(error))
            elif error.param:
                self.add_error(None, f"{error.param}: {field_error_message(error)}")
            else:
                self.add_error(None, refusal_message(error, window=window))

    def add_refusal(self, error: OfferError) -> None:
        self.add_offer_errors(error.errors, window=error.window)


def offer_error_text(error: OfferError) -> str:
    """One sentence for a refused action (hide, enable, archive), where there is no form to attach it to."""
    parts = [refusal_message(e, window=error.window) if not e.param else field_error_message(e) for e in error.errors]
    return " ".join(parts)


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(label="Show", required=False, choices=[("", "All offers"), *OfferState.choices])
