from django.contrib import admin

from . import services
from .admin_messages import counted, report
from .models import Membership, ModerationRecord, PartnerKey

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
