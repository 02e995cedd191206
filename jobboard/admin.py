"""Company moderation in the admin: the same services as the offers API, cascades included."""

from django.contrib import admin
from django.db import models

from companies.admin import ReadOnlyAdminMixin
from companies.models import Company
from jobs.models import CompanyBudget
from offers import services as offer_services
from offers.api.auth import actor_for_user

from . import services
from .admin_reason import reason_action
from .models import SweepRun


def _admin(request):
    return actor_for_user(request.user)


class CompanyBudgetInline(admin.TabularInline):
    model = CompanyBudget
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    inlines = [CompanyBudgetInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "is_blocked", "is_disabled", "terms_version_accepted", "payment_card_last4", "created_at"]
    list_filter = ["is_blocked", "is_disabled"]
    search_fields = ["name", "slug"]
    readonly_fields = ["is_blocked", "admin_reason", "is_disabled", "created_at"]
    actions = [
        reason_action(
            name="block_companies",
            title="Block companies (hides their offers)",
            perform=lambda request, c, reason: offer_services.company_block(
                actor=_admin(request), company_id=c.pk, admin_reason=reason
            ),
        ),
        "unblock_companies",
        "disable_companies",
        "enable_companies",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Postings index the company name: a rename here must reach search as it does from the dashboard.
            services.company_search_refresh(company=obj)

    @admin.action(description="Unblock companies (restores offers hidden by the block)")
    def unblock_companies(self, request, queryset):
        for company in queryset:
            offer_services.company_unblock(actor=_admin(request), company_id=company.pk)

    @admin.action(description="Disable companies (hides their offers)")
    def disable_companies(self, request, queryset):
        for company in queryset:
            offer_services.company_disable(actor=_admin(request), company_id=company.pk)

    @admin.action(description="Enable companies (restores offers hidden by disabling)")
    def enable_companies(self, request, queryset):
        for company in queryset:
            offer_services.company_enable(actor=_admin(request), company_id=company.pk)


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["task", "last_run_at", "rows_changed"]
