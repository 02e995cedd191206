"""The public company page: its profile and the postings a candidate can see now."""

from csp.decorators import csp_update
from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from plumbing.unavailable import unavailable_page

from .models import Company

POSTINGS_PER_PAGE = 20
SUMMARY_MAX_CHARS = 200
JOBS_PAGE, OFFERS_PAGE = "jobs_page", "offers_page"
# A company's logo is an image at whatever http(s) address it gave: the pages that show one widen the site's CSP to
# images from any host; every other page keeps img-src 'self'.
logo_images_allowed = csp_update({"img-src": ["https:", "http:"]})


def _page(request, queryset, param: str) -> Page:
    """One page of a list; a missing, malformed or too-large number reads as the nearest real page."""
    return Paginator(queryset, POSTINGS_PER_PAGE).get_page(request.GET.get(param))


def _page_links(request, page: Page, param: str) -> list[dict]:
    """Page number links that keep the other list's page, e.g. ?offers_page=2&jobs_page=3."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append({"ellipsis": True})
            continue
        query = request.GET.copy()
        query[param] = number
        links.append({"number": number, "href": f"?{query.urlencode()}", "current": number == page.number})
    return links


def _canonical_url(request, company: Company, pages: dict[str, Page]) -> str:
    # Each page of a list is its own page for search engines; page 1 is the bare address.
    query = {param: page.number for param, page in pages.items() if page.number > 1}
    url = request.build_absolute_uri(reverse("company-detail", args=[company.slug]))
    return f"{url}?{urlencode(query)}" if query else url


@logo_images_allowed
@require_safe
def company_detail(request, slug: str):
    # A blocked or disabled company has no public page at all, like an unknown one: it may come back (404).
    company = Company.objects.filter(slug=slug, is_blocked=False, is_disabled=False).first()
    if company is None:
        return unavailable_page(request, kind="company page", gone=False)
    now = timezone.now()
    # The reverse relations use the Job and Offer managers, so the one definition of "publicly visible" decides
    # here too, without this app importing jobs or offers (they depend on companies, not the other way round).
    jobs = (
        company.jobs.publicly_visible(now=now)
        .prefetch_related("job_locations__location")
        .order_by("-published_at", "-id")
    )
    offers = company.offers.publicly_visible(now=now).order_by("-publish_date", "-id")
    pages = {JOBS_PAGE: _page(request, jobs, JOBS_PAGE), OFFERS_PAGE: _page(request, offers, OFFERS_PAGE)}
    summary = " ".join(company.bio.split()) or f"Open jobs and offers at {company.name}."
    context = {
        "company": company,
        "jobs": pages[JOBS_PAGE],
        "job_links": _page_links(request, pages[JOBS_PAGE], JOBS_PAGE),
        "offers": pages[OFFERS_PAGE],
        "offer_links": _page_links(request, pages[OFFERS_PAGE], OFFERS_PAGE),
        "meta": {
            "title": company.name,
            "description": Truncator(summary).chars(SUMMARY_MAX_CHARS),
            "url": _canonical_url(request, company, pages),
            "image": company.logo_url,
        },
    }
    return render(request, "companies/public.html", context)
