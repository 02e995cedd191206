"""The public offer page: what a candidate reads before applying at the offer's applyURL."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from plumbing.unavailable import unavailable_page

from .api.parsing import parse_id
from .models import Offer
from .selectors import OfferState, offer_state
from .structured_data import offer_posting, offer_summary
from .validators import apply_url_host

ENDED_FOR_GOOD = frozenset({OfferState.ARCHIVED, OfferState.ENDED})


def _apply_link(apply_url: str | None) -> dict | None:
    """The offer's applyURL as a link a page may show: http(s) or mailto, never anything a browser would run."""
    url = (apply_url or "").strip()
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("http", "https"):
        # The host tells the candidate where the button takes them; a URL whose host is in doubt (stored before
        # the rule refused it) gets no button rather than a misleading one.
        host = apply_url_host(url)
        return {"kind": "web", "href": url, "text": host} if host else None
    if scheme == "mailto":
        return {"kind": "email", "href": url, "text": url.split(":", 1)[1].split("?", 1)[0]}
    return None


@require_safe
def offer_detail(request, offer_id: str):
    now = timezone.now()
    pk = parse_id(offer_id)
    offer = (
        None if pk is None else Offer.objects.publicly_visible(now=now).select_related("company").filter(pk=pk).first()
    )
    if offer is None:
        # 410 once it ended for good, 404 while it may come back; none of its content either way.
        state = None if pk is None else offer_state(offer_id=pk, now=now)
        return unavailable_page(request, kind="offer", gone=state in ENDED_FOR_GOOD)
    url = request.build_absolute_uri(reverse("offer-detail", args=[offer.pk]))
    company_url = request.build_absolute_uri(reverse("company-detail", args=[offer.company.slug]))
    context = {
        "offer": offer,
        "apply": _apply_link(offer.apply_url),
        "posting": offer_posting(offer, url=url, company_url=company_url),
        "meta": {
            "title": f"{offer.title} at {offer.company.name}",
            "description": offer_summary(offer),
            "url": url,
            "image": offer.company.logo_url,
        },
    }
    return render(request, "offers/public_detail.html", context)
