"""Company moderation in the admin: the same services as the offers API, cascades included."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from companies import services as company_services
from companies import validators as company_validators
from companies.admin import ModerateAdminMixin, ReadOnlyAdminMixin
from companies.admin_messages import counted, report
from companies.admin_reason import reason_action
from companies.forms import add_errors
from companies.models import Company
from jobs.models import CompanyBudget
from jobs.selectors import live_jobs_count
from offers.api.auth import actor_for_user
from offers.exceptions import OfferError
from offers.services.moderation import CompanyModeration, company_moderate

from . import services
from .models import SearchAlert, SweepRun

# Written only by company_accept_terms and the card checks (dashboard, seed commands), never typed in here.
TERMS_AND_PAYMENT_FIELDS = [
    "terms_version_accepted",
    "terms_accepted_at",
    "payment_card_brand",
    "payment_card_last4",
    "payment_method_added_at",
]


def _admin(request):
    return actor_for_user(request.user)


def _moderate_company(modeladmin, request, company, action: str, reason=None) -> CompanyModeration | None:
    """One company moderation service call; a refusal is reported, never a 500."""
    try:
        return company_moderate(actor=_admin(request), company_id=company.pk, action=action, admin_reason=reason)
    except OfferError as error:
        modeladmin.message_user(request, f"{company}: {error}", level="error")
        return None


def _block_company(modeladmin, request, company, reason) -> CompanyModeration | None:
    return _moderate_company(modeladmin, request, company, "block", reason)


# What each action is called in its report, and what a company it did not change already was.
DONE = {"block": "blocked", "unblock": "unblocked", "disable": "disabled", "enable": "enabled"}
UNCHANGED = {
    "block": "Already blocked (the reason given replaces the one on record)",
    "unblock": "Not blocked, so nothing changed",
    "disable": "Already disabled, so nothing changed",
    "enable": "Not disabled, so nothing changed",
}


def _report_company_moderation(modeladmin, request, results: list[CompanyModeration], action: str) -> None:
    """One sentence with the counts and the cascade: companies changed, their offers hidden or shown again, and
    their live jobs, which follow the company's standing (jobs.models.JobQuerySet.accepting_applications)."""
    changed = [result for result in results if result.changed]
    unchanged = [result for result in results if not result.changed]
    done = []
    if changed:
        done.append(f"{counted(len(changed), 'company', 'companies')} {DONE[action]}")
    them = "it" if len(changed) == 1 else "them"
    hidden = sum(result.offers_hidden for result in results)
    shown = sum(result.offers_shown for result in results)
    kept = sum(result.offers_kept_hidden for result in results)
    if hidden:
        done.append(f"{counted(hidden, 'offer', 'offers')} hidden with {them}")
    if shown:
        done.append(f"{counted(shown, 'offer', 'offers')} shown again")
    if kept:
        other = "disabled" if action == "unblock" else "blocked"
        done.append(f"{counted(kept, 'offer', 'offers')} still hidden while their company is {other}")
    now = timezone.now()
    if action in ("block", "disable"):
        # Jobs already off the board (the company was blocked or disabled before) are not counted as leaving it.
        left = [r.company.pk for r in changed if not (r.company.is_blocked and r.company.is_disabled)]
        jobs = live_jobs_count(company_ids=left, now=now)
        if jobs:
            done.append(f"{counted(jobs, 'live job', 'live jobs')} off the board with {them}")
    else:
        back = [r.company.pk for r in changed if not r.company.is_blocked and not r.company.is_disabled]
        jobs = live_jobs_count(company_ids=back, now=now)
        if jobs:
            done.append(f"{counted(jobs, 'live job', 'live jobs')} back on the board")
    notes = []
    if unchanged:
        names = ", ".join(str(result.company) for result in unchanged)
        notes.append(f"{UNCHANGED[action]}: {names}.")
    report(modeladmin, request, done=done, notes=notes)


def _report_blocked_companies(modeladmin, request, results: list[CompanyModeration]) -> None:
    _report_company_moderation(modeladmin, request, results, "block")


class CompanyBudgetInline(admin.TabularInline):
    """Shown, not edited: budgets are set through jobs.services (the company's dashboard), whose rules apply."""

    model = CompanyBudget
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CompanyAdminForm(forms.ModelForm):
    """The profile rules of the dashboard's form hold here too: the services behind save_model apply them. The
    admin makes its fields (with formfield_overrides), so no Meta here."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("contacts") is None:
            cleaned["contacts"] = []  # an empty box is no contacts, as on the dashboard
        if not isinstance(cleaned["contacts"], list):
            self.add_error("contacts", "Enter a list of email addresses or phone numbers.")
            return cleaned
        errors = company_validators.company_profile_errors(
            name=cleaned.get("name") or "",
            logo_url=cleaned.get("logo_url") or "",
            bio=cleaned.get("bio") or "",
            contacts=cleaned["contacts"],
        )
        add_errors(self, errors)
        return cleaned


@admin.register(Company)
class CompanyAdmin(ModerateAdminMixin, admin.ModelAdmin):
    form = CompanyAdminForm
    inlines = [CompanyBudgetInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "is_blocked", "is_disabled", "terms_version_accepted", "payment_card_last4", "created_at"]
    list_filter = ["is_blocked", "is_disabled"]
    search_fields = ["name", "slug"]
    readonly_fields = ["is_blocked", "admin_reason", "is_disabled", *TERMS_AND_PAYMENT_FIELDS, "created_at"]
    actions = [
        reason_action(
            name="block_companies",
            title="Block companies (hides their offers)",
            perform=_block_company,
            report=_report_blocked_companies,
            permissions=("moderate",),
        ),
        "unblock_companies",
        "disable_companies",
        "enable_companies",
    ]

    def has_delete_permission(self, request, obj=None):
        # A deleted company would take its offers, jobs and moderation trail with it; block or disable instead.
        return False

    def save_model(self, request, obj, form, change):
        """Writes through the same services as the dashboard: a rename here reaches search as it does there."""
        data = form.cleaned_data
        profile = {field: data[field] for field in ("name", "logo_url", "bio", "contacts")}
        if not change:
            company = company_services.company_create(slug=data["slug"], **profile)
            # The admin goes on with obj (inlines, the log, the redirect): it becomes the saved company.
            obj.pk, obj.created_at = company.pk, company.created_at
            return
        # The stored row, not obj: the form has already put the new name on obj, and the service compares them.
        stored = Company.objects.get(pk=obj.pk)
        services.company_profile_update(company=stored, **profile)
        if data["slug"] != stored.slug:
            company_services.company_set_slug(company=stored, slug=data["slug"])

    def _moderate(self, request, queryset, action: str) -> None:
        """Runs one company moderation per selected company, then reports what they did together."""
        results = [_moderate_company(self, request, company, action) for company in queryset]
        _report_company_moderation(self, request, [result for result in results if result is not None], action)

    @admin.action(description="Unblock companies (restores offers hidden by the block)", permissions=["moderate"])
    def unblock_companies(self, request, queryset):
        self._moderate(request, queryset, "unblock")

    @admin.action(description="Disable companies (hides their offers)", permissions=["moderate"])
    def disable_companies(self, request, queryset):
        self._moderate(request, queryset, "disable")

    @admin.action(description="Enable companies (restores offers hidden by disabling)", permissions=["moderate"])
    def enable_companies(self, request, queryset):
        self._moderate(request, queryset, "enable")


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["task", "last_run_at", "rows_changed"]


@admin.register(SearchAlert)
class SearchAlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Candidates' saved searches, for support: find an address's alerts and end them when its owner asks."""

    list_display = ["email", "query", "frequency", "confirmed_at", "last_sent_at", "unsubscribed_at"]
    list_filter = [
        "frequency",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    actions = ["unsubscribe"]

    def has_unsubscribe_permission(self, request: Any) -> bool:
        return bool(request.user.has_perm("jobboard.change_searchalert"))

    @admin.action(description="Unsubscribe the selected alerts", permissions=["unsubscribe"])
    def unsubscribe(self, request: Any, queryset: Any) -> None:
        now = timezone.now()
        ended = 0
        for alert in queryset:
            if services.search_alert_unsubscribe(alert_id=alert.pk, now=now):
                self.log_change(request, alert, "Unsubscribed.")
                ended += 1
        self.message_user(request, f"{ended} alert(s) unsubscribed; they send nothing more.")
