"""The public offer page: what a candidate reads before applying at the offer's applyURL, and the apply link that
counts a click on its way there."""

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from companies.login_throttle import client_ip
from companies.selectors import is_company_staff
from plumbing.counting import count_request
from plumbing.unavailable import unavailable_page

from .api.parsing import parse_id
from .models import Offer
from .selectors import OfferState, offer_state
from .services.days import COUNTER_KIND
from .structured_data import offer_posting, offer_summary
from .validators import apply_url_host

ENDED_FOR_GOOD = frozenset({OfferState.ARCHIVED, OfferState.ENDED})


def _apply_link(apply_url: str | None, *, offer_id: int | None = None) -> dict | None:
    """The offer's applyURL as a link a page may show: http(s) or mailto, never anything a browser would run.
    With `offer_id`, an http(s) link goes through /offers/<id>/apply, which counts the click (`target` is where it
    ends); a mailto link is the address itself, not counted."""
    url = (apply_url or "").strip()
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("http", "https"):
        # The host tells the candidate where the button takes them; a URL whose host is in doubt (stored before
        # the rule refused it) gets no button rather than a misleading one.
        host = apply_url_host(url)
        if not host:
            return None
        href = reverse("offer-apply", args=[offer_id]) if offer_id is not None else url
        return {"kind": "web", "href": href, "target": url, "text": host}
    if scheme == "mailto":
        return {"kind": "email", "href": url, "text": url.split(":", 1)[1].split("?", 1)[0]}
    return None


def _visible_offer(offer_id: str, *, now: datetime) -> tuple[int | None, Offer | None]:
    pk = parse_id(offer_id)
    offer = (
        None if pk is None else Offer.objects.publicly_visible(now=now).select_related("company").filter(pk=pk).first()
    )
    return pk, offer


def _unavailable(request: HttpRequest, pk: int | None, *, now: datetime) -> HttpResponse:
    # 410 once it ended for good, 404 while it may come back; none of its content either way.
    state = None if pk is None else offer_state(offer_id=pk, now=now)
    return unavailable_page(request, kind="offer", gone=state in ENDED_FOR_GOOD)


def _count(request: HttpRequest, offer: Offer, field: str, *, now: datetime) -> None:
    """A person's view or click (not HEAD, a crawler, the company's own staff or a repeat): counted, never in the
    way."""
    count_request(
        request,
        kind=COUNTER_KIND,
        posting_id=offer.pk,
        field=field,
        ip=client_ip(request),
        by_posting_staff=request.method == "GET" and is_company_staff(request.user, company_id=offer.company_id),
        now=now,
    )


@require_safe
def offer_detail(request, offer_id: str):
    now = timezone.now()
    pk, offer = _visible_offer(offer_id, now=now)
    if offer is None:
        return _unavailable(request, pk, now=now)
    _count(request, offer, "views", now=now)
    url = request.build_absolute_uri(reverse("offer-detail", args=[offer.pk]))
    company_url = request.build_absolute_uri(reverse("company-detail", args=[offer.company.slug]))
    context = {
        "offer": offer,
        "apply": _apply_link(offer.apply_url, offer_id=offer.pk),
        "posting": offer_posting(offer, url=url, company_url=company_url),
        "meta": {
            "title": f"{offer.title} at {offer.company.name}",
            "description": offer_summary(offer),
            "url": url,
            "image": offer.company.logo_url,
        },
    }
    return render(request, "offers/public_detail.html", context)


@require_safe
def offer_apply(request, offer_id: str):
    """The apply button of an offer whose applyURL is http(s): counts the click, then 302 to the applyURL. An offer
    without one (a mailto address is linked directly from the page) has no such link: 404."""
    now = timezone.now()
    pk, offer = _visible_offer(offer_id, now=now)
    if offer is None:
        return _unavailable(request, pk, now=now)
    link = _apply_link(offer.apply_url)
    if link is None or link["kind"] != "web":
        raise Http404("This offer has no apply link.")
    _count(request, offer, "apply_clicks", now=now)
    return HttpResponseRedirect(link["target"])
