from django.contrib import admin

from companies.admin import ModerateAdminMixin, ReadOnlyAdminMixin
from companies.admin_messages import counted, report
from companies.admin_reason import reason_action

from .api.auth import actor_for_user
from .exceptions import OfferBlockedByAdmin, OfferError
from .models import Offer
from .services import offers as services


def _block_offer(modeladmin, request, offer, reason) -> Offer | None:
    try:
        return services.offer_disable(actor=actor_for_user(request.user), offer_id=offer.pk, admin_reason=reason)
    except OfferError as error:
        if isinstance(error, OfferBlockedByAdmin):
            # The service kept the first block's reason; say so, with that reason, rather than a bare code.
            message = f"“{offer}” was already blocked by an admin; its reason was kept: {offer.admin_reason}"
        else:
            message = f"{offer}: {error}"
        modeladmin.message_user(request, message, level="error")
        return None


def _report_blocked_offers(modeladmin, request, blocked: list[Offer]) -> None:
    if blocked:
        report(
            modeladmin, request, done=[f"{counted(len(blocked), 'offer', 'offers')} blocked and hidden from candidates"]
        )


@admin.register(Offer)
class OfferAdmin(ModerateAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: offers are written through offers.services (API, dashboard) so every rule applies; here admins
    moderate."""

    list_display = ["title", "company", "publish_date", "publish_end_date", "is_hidden", "hidden_reason", "is_archived"]
    list_filter = ["hidden_reason", "is_hidden", "is_archived", "job_type"]
    search_fields = ["title", "company__name", "location"]
    list_select_related = ["company"]
    readonly_fields = ["is_hidden", "hidden_reason", "admin_reason", "is_archived", "ended_at", "search_vector"]

    actions = [
        reason_action(
            name="block_offers",
            title="Block offers",
            perform=_block_offer,
            report=_report_blocked_offers,
            permissions=("moderate",),
        ),
        "unblock_offers",
    ]

    @admin.action(description="Unblock offers (subject to the 5-offer limit)", permissions=["moderate"])
    def unblock_offers(self, request, queryset):
        unblocked, not_hidden = 0, []
        for offer in queryset:
            try:
                enabled = services.offer_enable(actor=actor_for_user(request.user), offer_id=offer.pk)
            except OfferError as error:
                self.message_user(request, f"{offer}: {error}", level="error")
                continue
            if offer.is_hidden and not enabled.is_hidden:
                unblocked += 1
            else:
                not_hidden.append(f"“{offer}”")
        done = [f"{counted(unblocked, 'offer', 'offers')} unblocked"] if unblocked else []
        notes = [f"Not hidden, so nothing changed: {', '.join(not_hidden)}."] if not_hidden else []
        report(self, request, done=done, notes=notes)
