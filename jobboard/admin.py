"""Company moderation in the admin: the same services as the offers API, cascades included."""

from django.contrib import admin
from django.db import models

from companies.admin import ModerateAdminMixin, ReadOnlyAdminMixin
from companies.admin_reason import reason_action
from companies.models import Company
from jobs.models import CompanyBudget
from offers import services as offer_services
from offers.api.auth import actor_for_user
from offers.exceptions import OfferError

from . import services
from .models import SweepRun

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


def _block_company(modeladmin, request, company, reason):
    try:
        offer_services.company_block(actor=_admin(request), company_id=company.pk, admin_reason=reason)
    except OfferError as error:
        modeladmin.message_user(request, f"{company}: {error}", level="error")


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


@admin.register(Company)
class CompanyAdmin(ModerateAdminMixin, admin.ModelAdmin):
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
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Postings index the company name: a rename here must reach search as it does from the dashboard.
            services.company_search_refresh(company=obj)

    def _moderate(self, request, queryset, service) -> None:
        """Runs one company moderation service per selected company; a refusal is reported, never a 500."""
        for company in queryset:
            try:
                service(actor=_admin(request), company_id=company.pk)
            except OfferError as error:
                self.message_user(request, f"{company}: {error}", level="error")

    @admin.action(description="Unblock companies (restores offers hidden by the block)", permissions=["moderate"])
    def unblock_companies(self, request, queryset):
        self._moderate(request, queryset, offer_services.company_unblock)

    @admin.action(description="Disable companies (hides their offers)", permissions=["moderate"])
    def disable_companies(self, request, queryset):
        self._moderate(request, queryset, offer_services.company_disable)

    @admin.action(description="Enable companies (restores offers hidden by disabling)", permissions=["moderate"])
    def enable_companies(self, request, queryset):
        self._moderate(request, queryset, offer_services.company_enable)


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["task", "last_run_at", "rows_changed"]
