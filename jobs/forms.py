from decimal import Decimal
from typing import cast

import django_filters
from django import forms
from django.db.models import Q

from plumbing.posting_html import FORMATTING_HELP

from .choices import (
    ApplicationStatus,
    BudgetWindow,
    JobLevel,
    JobStatus,
    JobType,
    QualificationKind,
    RemoteOption,
    SalaryPeriod,
)
from .models import Application, Job, Location
from .validators import (
    ANSWER_MAX,
    APPLICATION_TEXT_MAX,
    ITEM_TEXT_MAX,
    MAX_CENTS,
    MAX_ITEMS,
    SCALAR_FIELDS,
    TEXT_MAX,
    application_errors,
    question_options_errors,
    unique_locations,
)

MAX_DOLLARS = Decimal(MAX_CENTS) / 100


class ApplicationForm(forms.Form):
    """Built per job: one field per question, one checkbox list of qualifications."""

    candidate_name = forms.CharField(label="Your name", max_length=APPLICATION_TEXT_MAX["candidate_name"])
    email = forms.EmailField(label="Email", max_length=APPLICATION_TEXT_MAX["email"])

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.questions = list(job.questions.all())
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.options:
                self.fields[name] = forms.ChoiceField(
                    label=question.prompt, choices=[(o, o) for o in question.options], widget=forms.RadioSelect
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.prompt, max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3})
                )
        # A self-declaration, not a list of fields to fill: each box is a statement the candidate makes or not.
        self.fields["qualifications"] = forms.MultipleChoiceField(
            label="Check what applies to you",
            help_text="Check only what is true for you. You can apply either way.",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (str(q.pk), f"I have: {q.text} ({q.get_kind_display().lower()} for this job)")
                for q in job.qualifications.all()
            ],
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            errors = application_errors(
                candidate_name=cleaned["candidate_name"], email=cleaned["email"], answers=self.answers()
            )
            for key, message in errors.items():
                field = f"question_{key[len('answers[') : -1]}" if key.startswith("answers[") else key
                self.add_error(field, message)
        return cleaned

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data[f"question_{q.pk}"] for q in self.questions}

    def met_qualification_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["qualifications"]]


# ---------------------------------------------------------------------------------------------------------
# Company dashboard forms. The rules are jobs.validators' (through services.job_input_errors and the
# services' own checks); these forms only turn browser input into the data the services take, and put
# each error from the validators next to the field it is about.

# When each window starts over, told beside its cap; the window's name is its label (jobs/models.py).
WINDOW_HELP = {
    "DAILY": "Starts over at midnight UTC.",
    "WEEKLY": "Monday to Sunday, UTC.",
    "MONTHLY": "Starts over on the 1st, UTC.",
    "LIFETIME": "Never starts over.",
}


def dollars_to_cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def cents_to_dollars(value: int | None) -> Decimal | None:
    return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


def money_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=MAX_DOLLARS, max_digits=12, decimal_places=2, **kwargs
    )


def _choices(enum, blank="Not set") -> list[tuple[str, str]]:
    return [("", blank), *enum.choices]


class JobFilter(django_filters.FilterSet):
    """The dashboard's job list: status as a reader sees it (expired included), and text search."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=JobStatus.choices,
        method="filter_status",
        empty_label="Any",
    )
    q = django_filters.CharFilter(label="Search", method="filter_text")

    class Meta:
        model = Job
        fields = ["status", "q"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value, now=self.request_now)

    def filter_text(self, queryset, name, value):
        value = value.strip()[:200]
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else queryset

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_now = now


class LocationIdsField(forms.TypedMultipleChoiceField):
    """Location ids picked from search; whether each names a real place is the validators' rule."""

    @staticmethod
    def is_location_id(value) -> bool:
        value = str(value)
        return value.isascii() and value.isdigit() and len(value) < 10

    def valid_value(self, value) -> bool:
        return self.is_location_id(value)


class JobForm(forms.Form):
    """Every field of the partner job, in the dashboard's words; children come in from the formsets."""

    title = forms.CharField(label="Job title", max_length=TEXT_MAX["title"])
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=TEXT_MAX["description"],
        help_text=FORMATTING_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    remote_option = forms.ChoiceField(label="Where the work happens", choices=_choices(RemoteOption), required=False)
    remote_country = forms.ChoiceField(
        label="Remote: candidates must live in",
        required=False,
        help_text="Required to publish a remote job.",
    )
    job_type = forms.ChoiceField(label="Employment type", choices=_choices(JobType), required=False)
    job_level = forms.ChoiceField(label="Seniority", choices=_choices(JobLevel), required=False)
    salary_min = forms.IntegerField(label="Salary from", required=False, min_value=0, max_value=MAX_CENTS)
    salary_max = forms.IntegerField(label="Salary to", required=False, min_value=0, max_value=MAX_CENTS)
    salary_period = forms.ChoiceField(label="Salary period", choices=_choices(SalaryPeriod), required=False)
    bid = money_field(
        "Bid per qualified applicant",
        help_text="What you pay for each applicant who meets every required qualification. In US dollars.",
    )
    locations = LocationIdsField(label="Locations", required=False, coerce=int)
    location_q = forms.CharField(label="Find a city", required=False, max_length=100)
    notify_candidate_of_decision = forms.BooleanField(
        label="Email candidates when you accept or reject their application",
        required=False,
        help_text="A short, kind note with the job title. Off unless you turn it on.",
    )

    def __init__(self, *args, countries: list[str], location_choices: list[Location], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["remote_country"]).choices = [("", "Not set")] + [(c, c) for c in countries]
        self.location_choices = location_choices

    def service_data(self) -> dict:
        """Cleaned input → the model-field dict the services take (blank means "not set")."""
        data = {name: self.cleaned_data.get(name) or None for name in SCALAR_FIELDS if name in self.fields}
        data["title"] = self.cleaned_data["title"].strip()
        data["description"] = self.cleaned_data.get("description") or ""
        for name in ("salary_min", "salary_max"):
            data[name] = self.cleaned_data.get(name)
        data["bid_per_qualified_applicant_cents"] = dollars_to_cents(self.cleaned_data.get("bid"))
        data["locations"] = unique_locations(self.cleaned_data.get("locations") or [])
        data["notify_candidate_of_decision"] = bool(self.cleaned_data.get("notify_candidate_of_decision"))
        return data


class QualificationForm(forms.Form):
    text = forms.CharField(label="Qualification", max_length=ITEM_TEXT_MAX, required=False)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[(k, k.capitalize()) for k in QualificationKind.values],
        initial=QualificationKind.REQUIRED,
    )


class QuestionForm(forms.Form):
    prompt = forms.CharField(label="Question", max_length=ITEM_TEXT_MAX, required=False)
    options = forms.CharField(
        label="Answer options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line. Leave empty for a free-text answer.",
    )

    def clean_options(self):
        options = [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
        errors = question_options_errors(options)
        if errors:
            raise forms.ValidationError(errors["options"])
        return options


QualificationFormSet = forms.formset_factory(QualificationForm, extra=2, max_num=MAX_ITEMS, absolute_max=MAX_ITEMS)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=MAX_ITEMS, absolute_max=MAX_ITEMS)


def qualifications_data(formset) -> list[dict]:
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("text", "").strip()]
    return [
        {"text": r["text"].strip(), "kind": r["kind"] or QualificationKind.REQUIRED, "order": i}
        for i, r in enumerate(rows)
    ]


def questions_data(formset) -> list[dict]:
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("prompt", "").strip()]
    return [{"prompt": r["prompt"].strip(), "options": r["options"], "order": i} for i, r in enumerate(rows)]


class BudgetsForm(forms.Form):
    """One optional cap per window (one per window by construction); blank means no cap."""

    def __init__(self, *args, budgets=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {b.window: b for b in budgets}
        for window in BudgetWindow.values:
            budget = current.get(window)
            name = BudgetWindow(window).label
            self.fields[f"{window}_amount"] = money_field(
                f"{name} cap",
                help_text=WINDOW_HELP[window],
                initial=cents_to_dollars(budget.budget_cents) if budget else None,
            )
            self.fields[f"{window}_notes"] = forms.CharField(
                label=f"Notes on the {name.lower()} cap",
                required=False,
                max_length=ITEM_TEXT_MAX,
                initial=budget.notes if budget else "",
            )

    def rows(self):
        """(window, amount field, notes field) for the template."""
        return [(w, self[f"{w}_amount"], self[f"{w}_notes"]) for w in BudgetWindow.values]

    def service_data(self) -> list[dict]:
        return [
            {
                "window": w,
                "budget_cents": dollars_to_cents(self.cleaned_data[f"{w}_amount"]),
                "notes": self.cleaned_data[f"{w}_notes"].strip(),
            }
            for w in BudgetWindow.values
            if self.cleaned_data.get(f"{w}_amount") is not None
        ]


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=ApplicationStatus.choices, empty_label="Any")
    qualified = django_filters.ChoiceFilter(
        label="Qualified",
        field_name="is_qualified",
        choices=[("true", "Qualified"), ("false", "Not qualified")],
        method="filter_qualified",
        empty_label="Any",
    )
    viewed = django_filters.ChoiceFilter(
        label="Seen", choices=[("new", "New"), ("seen", "Seen")], method="filter_viewed", empty_label="Any"
    )

    class Meta:
        model = Application
        fields = ["status", "qualified", "viewed"]

    def filter_qualified(self, queryset, name, value):
        return queryset.filter(is_qualified=value == "true")

    def filter_viewed(self, queryset, name, value):
        return queryset.filter(viewed_at__isnull=value == "new")
