"""The outbox in the Django admin: what was sent to whom, what is waiting and why, and "send again"."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import OutboxMail
from .services import outbox_mail_resend


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to", "subject", "state", "attempts", "sent_at", "last_error_short")
    list_filter = ("state", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboxMail._meta.fields]

    @admin.display(description="last error")
    def last_error_short(self, mail: OutboxMail) -> str:
        return mail.last_error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMail | None = None) -> bool:
        return False

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboxMail]) -> None:
        resent = 0
        for mail in queryset:
            if outbox_mail_resend(mail=mail):
                self.log_change(request, mail, "Sent again.")
                resent += 1
        skipped = queryset.count() - resent
        message = f"{resent} mail(s) queued to send again."
        if skipped:
            message += f" {skipped} already sent, left as they are."
        self.message_user(request, message, messages.SUCCESS if resent else messages.WARNING)
