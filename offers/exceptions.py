"""Offer rule failures in the NIJobs error vocabulary; the API renders them, the dashboard shows them."""

from datetime import datetime

from .models import MAX_CONCURRENT_OFFERS
from .validators import FieldError

VALIDATION, CONFLICT, FORBIDDEN, UNEXPECTED = 1, 2, 3, 99


class OfferError(Exception):
    def __init__(self, status: int, error_code: int, errors: list[FieldError], *, window=None):
        self.status = status
        self.error_code = error_code
        self.errors = errors
        # The concurrent limit names the full stretch (start, end) for people; the API body never shows it.
        self.window = window
        super().__init__(", ".join(e.msg for e in errors))


def invalid(errors: list[FieldError]) -> OfferError:
    return OfferError(422, VALIDATION, errors)


def forbidden(msg: str, status: int = 403) -> OfferError:
    return OfferError(status, FORBIDDEN, [FieldError(param="", msg=msg, location="")])


def limit_reached(window: tuple[datetime, datetime] | None = None) -> OfferError:
    return OfferError(
        409,
        CONFLICT,
        [FieldError(param="", msg=f"max-concurrent-offers-reached:{MAX_CONCURRENT_OFFERS}", location="")],
        window=window,
    )


def offer_not_found(offer_id) -> OfferError:
    return forbidden(f"no-offer-found-with-id:{offer_id}", 404)


def company_not_found(company_id) -> OfferError:
    return forbidden(f"no-company-found-with-id:{company_id}", 404)
