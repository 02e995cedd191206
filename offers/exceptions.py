"""Refusals of offer rules, as codes and data: no HTTP status, no words.

Each caller says them its own way: the offers API maps them to its envelope and status
(offers/api/errors.py), the dashboard and the admin to sentences (offers/forms.py). str() of an error is its
NIJobs message identifier, for logs and the admin's fallback line.
"""

from datetime import datetime

from .validators import Errors


class OfferError(Exception):
    code = "offer-error"

    def __str__(self) -> str:
        return self.code


class ValidationFailed(OfferError):
    """Rule errors keyed by model field (offers.validators)."""

    code = "validation-failed"

    def __init__(self, errors: Errors):
        super().__init__()
        self.errors = errors

    def __str__(self) -> str:
        return ", ".join(error.code for error in self.errors.values())


class NotPermitted(OfferError):
    """The actor lacks the role this write needs (a company account on an admin's action, or nobody at all)."""

    code = "insufficient-permissions"


class CompanyBlocked(OfferError):
    code = "company-blocked"


class CompanyDisabled(OfferError):
    code = "company-disabled"


class OfferBlockedByAdmin(OfferError):
    code = "offer-blocked-by-admin"


class OfferIsHidden(OfferError):
    code = "offer-is-hidden"


class _AboutId(OfferError):
    def __init__(self, target_id: object):
        super().__init__()
        self.target_id = target_id

    def __str__(self) -> str:
        return f"{self.code}:{self.target_id}"


class NotOfferOwner(_AboutId):
    code = "not-offer-owner"


class OfferNotFound(_AboutId):
    code = "no-offer-found-with-id"


class CompanyNotFound(_AboutId):
    code = "no-company-found-with-id"


class ConcurrentLimitReached(OfferError):
    """More than `limit` offers would be live at once; `window` is the full stretch, for people to avoid."""

    code = "max-concurrent-offers-reached"

    def __init__(self, *, limit: int, window: tuple[datetime, datetime] | None = None):
        super().__init__()
        self.limit = limit
        self.window = window

    def __str__(self) -> str:
        return f"{self.code}:{self.limit}"
