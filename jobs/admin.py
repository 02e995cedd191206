from django.contrib import admin
from django.utils import timezone

from companies.admin import ReadOnlyAdminMixin

from . import services
from .exceptions import JobError
from .models import Application, Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "company", "status", "published_at", "expires_at"]
    list_filter = ["status", "job_type", "remote_option"]
    search_fields = ["title", "company__name"]
    list_select_related = ["company"]
    actions = ["close_jobs"]

    @admin.action(description="Close selected jobs")
    def close_jobs(self, request, queryset):
        for job in queryset.select_related("company"):
            try:
                services.job_transition(job=job, action="close", now=timezone.now())
            except JobError as error:
                self.message_user(request, f"{job}: {error.message}", level="error")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["candidate_name", "email", "job", "is_qualified", "status", "created_at"]
    list_filter = ["status", "is_qualified"]
    search_fields = ["candidate_name", "email", "job__title"]
