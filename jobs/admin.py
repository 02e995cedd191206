from django.contrib import admin

from companies.admin import ModerateAdminMixin, ReadOnlyAdminMixin
from companies.admin_messages import counted, report

from .exceptions import JobError
from .models import Application, Charge, Job
from .services.jobs import job_close_by_admin


@admin.register(Job)
class JobAdmin(ModerateAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "company", "status", "published_at", "expires_at"]
    list_filter = ["status", "job_type", "remote_option"]
    search_fields = ["title", "company__name"]
    list_select_related = ["company"]
    actions = ["close_jobs"]

    @admin.action(description="Close selected jobs", permissions=["moderate"])
    def close_jobs(self, request, queryset):
        closed = 0
        for job in queryset.select_related("company"):
            try:
                job_close_by_admin(job=job, actor=request.user)
            except JobError as error:
                self.message_user(request, f"{job}: {error.message}", level="error")
            else:
                closed += 1
        if closed:
            takes = "it no longer takes" if closed == 1 else "they no longer take"
            report(self, request, done=[f"{counted(closed, 'job', 'jobs')} closed; {takes} applications"])


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["candidate_name", "email", "job", "is_qualified", "status", "created_at", "spam_marked_at"]
    list_filter = ["status", "is_qualified", ("spam_marked_at", admin.EmptyFieldListFilter)]
    search_fields = ["candidate_name", "email", "job__title"]


@admin.register(Charge)
class ChargeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The billing ledger, to read: nobody adds, edits or deletes a charge here (the models PROTECT it too)."""

    list_display = ["created_at", "company", "job", "amount_cents", "skipped", "skipped_reason", "refunded_at"]
    list_filter = ["skipped", ("refunded_at", admin.EmptyFieldListFilter)]
    search_fields = ["company__name", "job__title", "application__email"]
    list_select_related = ["company", "job"]
