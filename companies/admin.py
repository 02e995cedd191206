from django import forms
from django.contrib import admin, messages

from . import services, validators
from .admin_messages import counted, report
from .admin_reason import reason_action
from .applications import services as application_services
from .exceptions import ApplicationRefused
from .models import CompanyApplication, Membership, ModerationRecord, PartnerKey

# The one moderation permission (declared on offers.Offer, named by string so companies imports no higher app):
# blocking and disabling companies, blocking offers, closing jobs and revoking keys from the admin all need it.
MODERATE_PERMISSION = "offers.moderate_offer"


class ReadOnlyAdminMixin:
    """Records the admin shows but never lets anyone add, edit or delete; writes go through services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Also removes the bulk "delete selected" action, which would bypass the services and their records.
        return False


class ModerateAdminMixin:
    """Gives admin actions declared with permissions=["moderate"] their check: listed and run only for users
    holding the moderation permission (Django refuses a crafted POST of an action it does not list)."""

    def has_moderate_permission(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "created_at"]
    search_fields = ["user__email", "company__name"]
    list_select_related = ["user", "company"]


@admin.register(PartnerKey)
class PartnerKeyAdmin(ModerateAdminMixin, admin.ModelAdmin):
    list_display = ["prefix", "company", "label", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "company__name", "label"]
    readonly_fields = ["company", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_keys"]

    def has_add_permission(self, request):
        return False  # keys are issued where the full key can be shown once (dashboard, issue_partner_key)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: a deleted key leaves no trace of what it was used for

    @admin.action(description="Revoke selected keys", permissions=["moderate"])
    def revoke_keys(self, request, queryset):
        revoked, already = 0, []
        for key in queryset:
            if services.partner_key_revoke(key=key, actor=request.user):
                revoked += 1
            else:
                already.append(f"{key.prefix}…")
        them = "it" if revoked == 1 else "them"
        done = [f"{counted(revoked, 'key', 'keys')} revoked; requests using {them} are now refused"] if revoked else []
        notes = [f"Already revoked, so nothing changed: {', '.join(already)}."] if already else []
        report(self, request, done=done, notes=notes)


@admin.register(ModerationRecord)
class ModerationRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_id", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_id", "reason"]


# --- Company applications ------------------------------------------------------------------------------------------


class RejectReasonForm(forms.Form):
    reject_reason = forms.CharField(
        label=f"Reason ({validators.REJECT_REASON_MIN}–{validators.REJECT_REASON_MAX} characters; mailed to the "
        "applicant, who also sees it when they log in)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reject_reason(self):
        value = self.cleaned_data["reject_reason"].strip()
        rules = validators.reject_reason_errors(value)
        if rules:
            raise forms.ValidationError(rules["reject_reason"].text)
        return value


def _review(modeladmin, request, application, review, **kwargs) -> CompanyApplication | None:
    """One review service call; a refusal (not confirmed yet, reviewed already) is reported, never a 500."""
    try:
        return review(application_id=application.pk, actor=request.user, **kwargs)
    except ApplicationRefused as error:
        modeladmin.message_user(request, f"{application}: {error.message}", messages.WARNING)
        return None


def _reject(modeladmin, request, application, reason) -> CompanyApplication | None:
    return _review(
        modeladmin, request, application, application_services.company_application_reject, reject_reason=reason
    )


def _report_rejected(modeladmin, request, results) -> None:
    if results:
        report(
            modeladmin,
            request,
            done=[
                f"{counted(len(results), 'application', 'applications')} rejected; "
                f"{'the applicant was' if len(results) == 1 else 'the applicants were'} "
                "mailed the reason"
            ],
        )


# What the admin shows of an application: never the password hash nor the token's.
APPLICATION_FIELDS = (
    "company_name",
    "email",
    "motivation",
    "state",
    "submitted_at",
    "validated_at",
    "reviewed_at",
    "reviewer_label",
    "reject_reason",
    "company",
    "onboarding",
)


@admin.register(CompanyApplication)
class CompanyApplicationAdmin(admin.ModelAdmin):
    """Applications are read here and reviewed with the actions, through the same services as the API; nobody
    adds, edits or deletes one by hand."""

    list_display = ["company_name", "email", "state", "submitted_at", "validated_at", "reviewed_at", "reviewer_label"]
    list_filter = ["state"]
    search_fields = ["company_name", "email"]
    date_hierarchy = "submitted_at"
    fields = APPLICATION_FIELDS
    readonly_fields = APPLICATION_FIELDS
    actions = ["approve_applications", "reject_applications"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read-only: reviews go through the actions

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who applied and who reviewed stays

    def has_review_permission(self, request):
        return request.user.has_perm(application_services.REVIEW_PERMISSION)

    @admin.action(description="Approve selected applications", permissions=["review"])
    def approve_applications(self, request, queryset):
        approved = [a for a in queryset if _review(self, request, a, application_services.company_application_approve)]
        if approved:
            names = ", ".join(a.company_name for a in approved)
            report(
                self,
                request,
                done=[
                    f"{counted(len(approved), 'application', 'applications')} approved ({names}); "
                    "each company and its first login were created and mailed"
                ],
            )

    reject_applications = reason_action(
        name="reject_applications",
        title="Reject selected applications",
        perform=_reject,
        report=_report_rejected,
        permissions=("review",),
        form_class=RejectReasonForm,
    )
