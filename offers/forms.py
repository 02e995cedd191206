"""Dashboard forms for offers. Each form field stands for one offer field, and the rules are the validators'.

clean() reads what a person typed into the typed values the services take and judges them with
offers.validators.offer_errors, as the services do; rule errors (a code and its parameters) and refusals
become sentences here.
"""

from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone

from plumbing.posting_html import FORMATTING_HELP

from . import exceptions as exc
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
    Errors,
    OfferData,
    RuleError,
    offer_errors,
)

# Model field → form field, where they differ.
FORM_NAMES = {"fields": "job_fields", "is_hidden": "create_hidden"}
MODEL_NAMES = {form: model for model, form in FORM_NAMES.items()}

# Optional fields that an empty input clears on edit.
CLEARABLE = {"job_max_duration", "job_start_date", "is_paid", "vacancies", "apply_url"}

# The offers API reads no date from this year on (offers/api/parsing.LATEST_DATE); nor does the form.
READABLE_YEAR_END = 9999

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


REFUSALS: dict[type[exc.OfferError], str] = {
    exc.CompanyBlocked: (
        "Your company is blocked by the platform's admins, so offers cannot be created, edited, hidden, enabled "
        "or archived until an admin lifts the block."
    ),
    exc.CompanyDisabled: (
        "Your company account is disabled, so offers cannot be created or changed. "
        "Re-enable the account on the Company page first."
    ),
    exc.OfferBlockedByAdmin: (
        "This offer is blocked by an admin, so it cannot be edited or shown again. "
        "To ask about it or appeal, write to {support_email}."
    ),
    exc.OfferIsHidden: "This offer is already hidden.",
    exc.NotPermitted: "You are not allowed to do this.",
    exc.OfferNotFound: "This offer was not found.",
    exc.NotOfferOwner: "This offer was not found.",
    exc.CompanyNotFound: "Your company was not found.",
}


def refusal_message(error: exc.OfferError) -> str:
    """A refusal that concerns no single field, in words."""
    if isinstance(error, exc.ConcurrentLimitReached):
        return concurrent_limit_message(error.window)
    # Read per message, not at import: SUPPORT_EMAIL is a setting.
    return REFUSALS.get(type(error), "This was refused. Check the offer and try again.").format(
        support_email=settings.SUPPORT_EMAIL
    )


_LINES = ("contacts", "requirements")
_CHOICE_WORDS = {
    "job_type": "Choose one of the listed job types.",
    "fields": "Choose only from the listed fields.",
    "technologies": "Choose only from the listed technologies.",
    "coordinates": "Longitude must be between -180 and 180, latitude between -90 and 90.",
}
_PLAIN = {
    "required": "This field is required.",
    "date-already-past": "This date is in the past.",
    "must-be-greater-than-or-equal-to-1": "Must be 1 or more.",
    "job-max-duration-requires-job-min-duration": "Set a minimum duration too.",
    "duplicate-values": "Choose each value only once.",
    "invalid-apply-url": (
        "Enter a web address (https://…) or an email link (mailto:name@example.com); "
        "a web address may not contain a backslash or a name@ before its host."
    ),
    # Codes only the offers API's readers meet (a JSON body), named here for the adapter below.
    "must-be-array": "Give a list of values.",
    "must-be-object": "The form could not be read; reload the page and try again.",
    "must-be-int": "Enter a whole number.",
    "must-be-boolean": "Choose yes or no.",
    "no-company-found-with-id": "Your company was not found.",
}


def _bounded_message(name: str, code: str, params: Any) -> str | None:
    if code == "max-length-exceeded":
        n = params["max"]
        if name == "description" and n == DESCRIPTION_MAX_RAW:
            return f"At most {n} characters in all, HTML tags included."
        if name == "description":
            return f"At most {n} characters of visible text (HTML tags do not count)."
        if name in _LINES:
            return f"Each line can have at most {n} characters."
        return f"At most {n} characters."
    if code == "below-min-length":
        return "Add at least one line."
    if code == "must-be-less-than-or-equal-to-2147483647":
        return f"Must be {params.get('max', INT_COLUMN_MAX)} or less."
    if code == "size-must-be-between":
        if name == "coordinates":
            return "Give two numbers: longitude and latitude."
        if name in _LINES:
            return f"Give between {params['min']} and {params['max']} lines."
        return f"Pick between {params['min']} and {params['max']}."
    return None


def _dates_message(code: str, params: Any, name: str) -> str | None:
    if code == "must-be-ISO8601-date":
        return "Enter a valid date." if name == "job_start_date" else "Enter a valid date and time."
    if code == "must-be-after" and params.get("field") == "publish_date":
        return "Must be after the publish date."
    if code == "must-be-before" and params.get("field") == "publish_end_date":
        return "Must be before the end of publication."
    if code == "must-be-before" and "limit" in params:
        return f"Must be on or before {when(params['limit'])} (6 months after the publish date)."
    if code == "must-be-after" and "limit" in params:
        return (
            f"Must be on or after {when(params['limit'], round_up=True)}: an offer is published for at most 6 months."
        )
    return None


def rule_error_message(name: str, error: RuleError) -> str:
    """What a person reads next to a field (by model field name) for one rule error."""
    code, params = error.code, error.params
    if code == "must-be-string":
        return (
            "Each line must be plain text."
            if name in _LINES
            else "Must be plain text (no invisible control characters)."
        )
    if code == "must-be-greater-than-or-equal-to" and params.get("field") == "job_min_duration":
        return "Must be at least the minimum duration."
    if code == "must-be-in":
        return _CHOICE_WORDS.get(name, "Choose one of the listed values.")
    found = _dates_message(code, params, name) or _bounded_message(name, code, params)
    return found or _PLAIN.get(code, "This value is not accepted.")


class LinesField(forms.CharField):
    """A textarea holding one item per line; the value is the list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value) or ""
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
        self.offer_data = OfferData()

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
            "is_paid": "" if offer.is_paid is None else "yes" if offer.is_paid else "no",
            "vacancies": offer.vacancies,
            "job_type": offer.job_type,
            "job_fields": list(offer.fields),
            "technologies": list(offer.technologies),
            "location": offer.location,
            "apply_url": offer.apply_url or "",
        }

    def _typed(self, name: str, value: Any) -> Any:
        if value in (None, "", []):
            return None
        if isinstance(value, datetime):
            return value.astimezone(dt_timezone.utc)
        if isinstance(value, date):
            # The job's start day, as the API stores a date: midnight UTC.
            return datetime.combine(value, time.min, tzinfo=dt_timezone.utc)
        if name == "is_paid":
            return value == "yes"
        return value

    def _offer_data(self, cleaned: dict[str, Any]) -> OfferData:
        """The service's input: on create every filled field; on edit only what changed (edits take any subset)."""
        data: dict[str, Any] = {}
        editing = self.offer is not None
        for name in self.fields:
            if name not in cleaned or (editing and name not in self.changed_data):
                continue
            value = self._typed(name, cleaned[name])
            if value is None and not (editing and name in CLEARABLE):
                continue  # empty: absent, so "required" or the default applies
            data[MODEL_NAMES.get(name, name)] = value
        return cast(OfferData, data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("publish_date", "publish_end_date", "job_start_date"):
            value = cleaned.get(name)
            # Read as the offers API reads dates: from year 9999 on, none is accepted.
            if value is not None and value.year >= READABLE_YEAR_END:
                self.add_error(name, rule_error_message(name, RuleError("must-be-ISO8601-date")))
                cleaned.pop(name, None)
        self.offer_data = self._offer_data(cleaned)
        self.add_rule_errors(offer_errors(self.offer_data, stored=self.offer, now=self.now))
        return cleaned

    def add_rule_errors(self, errors: Errors) -> None:
        """Shows each rule's refusal next to its field (by model field name)."""
        for model_name, error in errors.items():
            name = FORM_NAMES.get(model_name, model_name)
            if name in self.fields:
                if name not in self.errors:  # the field's own check already said what is wrong
                    self.add_error(name, rule_error_message(model_name, error))
            else:
                self.add_error(None, f"{model_name}: {rule_error_message(model_name, error)}")

    def add_refusal(self, error: exc.OfferError) -> None:
        if isinstance(error, exc.ValidationFailed):
            self.add_rule_errors(error.errors)
        else:
            self.add_error(None, refusal_message(error))


def offer_error_text(error: exc.OfferError) -> str:
    """One sentence for a refused action (hide, enable, archive), where there is no form to attach it to."""
    if isinstance(error, exc.ValidationFailed):
        return " ".join(rule_error_message(name, e) for name, e in error.errors.items())
    return refusal_message(error)


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(label="Show", required=False, choices=[("", "All offers"), *OfferState.choices])
