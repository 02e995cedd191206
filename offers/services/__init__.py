"""Every write about offers, by noun: one offer (offers), a company and its offers (moderation), the sweep."""

from .moderation import (
    COMPANY_MODERATIONS,
    CompanyModeration,
    company_block,
    company_disable,
    company_enable,
    company_moderate,
    company_to_moderate,
    company_unblock,
)
from .offers import (
    admin_reason_clean,
    offer_archive,
    offer_check_editable,
    offer_create,
    offer_disable,
    offer_edit,
    offer_enable,
    offer_hide,
)
from .shared import find_company, find_offer
from .sweep import ENDED, SWEEP_BATCH, offers_end_due

__all__ = [
    "COMPANY_MODERATIONS",
    "ENDED",
    "SWEEP_BATCH",
    "CompanyModeration",
    "admin_reason_clean",
    "company_block",
    "company_disable",
    "company_enable",
    "company_moderate",
    "company_to_moderate",
    "company_unblock",
    "find_company",
    "find_offer",
    "offer_archive",
    "offer_check_editable",
    "offer_create",
    "offer_disable",
    "offer_edit",
    "offer_enable",
    "offer_hide",
    "offers_end_due",
]
