"""The public offer page: what a candidate reads before applying at the offer's applyURL."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Offer
from .structured_data import offer_posting, offer_summary
from .validators import apply_url_host, parse_id

_INSTANT = timedelta(microseconds=1)


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


def _ended_offer(pk: int, *, now) -> Offer | None:
    """An offer whose window has closed and that was public at its last instant.

    Asking publicly_visible about that instant keeps one definition of "public"; an offer that is also hidden,
    archived or of a company in bad standing fails it and stays a 404, so none of its content shows.
    """
    offer = Offer.objects.select_related("company").filter(pk=pk, publish_end_date__lte=now).first()
    if offer is None:
        return None
    was_public = Offer.objects.publicly_visible(now=offer.publish_end_date - _INSTANT).filter(pk=pk).exists()
    return offer if was_public else None


@require_safe
def offer_detail(request, offer_id: str):
    now = timezone.now()
    pk = parse_id(offer_id)
    if pk is None:
        raise Http404
    offer = Offer.objects.publicly_visible(now=now).select_related("company").filter(pk=pk).first()
    if offer is None:
        ended = _ended_offer(pk, now=now)
        if ended is None:
            raise Http404
        return render(request, "offers/closed.html", {"offer": ended}, status=410)
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
