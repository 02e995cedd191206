"""sitemap.xml: the board, every publicly visible job and offer, and the companies that have one.

Served as an index (/sitemap.xml) of one sitemap per section (/sitemap-<section>.xml, 50,000 URLs a page, more
pages as ?p=2...), so it grows past the protocol's limit. Each section asks publicly_visible at request time, so a
posting leaves the sitemap the moment it stops being visible. The index's lastmod comes from one aggregate per
section, not from loading every row (Django's default does that).
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from jobs.models import Job
from offers.models import Offer


def _latest(queryset: QuerySet, field: str = "updated_at") -> datetime | None:
    return queryset.aggregate(latest=Max(field))["latest"]


class PostingSitemap(Sitemap):
    changefreq = "daily"

    def lastmod(self, item) -> datetime:
        return item.updated_at

    def items(self) -> QuerySet:
        raise NotImplementedError

    def get_latest_lastmod(self) -> datetime | None:
        return _latest(self.items())


class JobSitemap(PostingSitemap):
    def items(self) -> QuerySet:
        # A stable order, so each page of 50,000 holds the same rows while nothing changes.
        return (
            Job.objects.publicly_visible(now=timezone.now()).only("pk", "updated_at").order_by("-published_at", "-pk")
        )

    def location(self, item: Job) -> str:
        return reverse("job-detail", args=[item.pk])


class OfferSitemap(PostingSitemap):
    def items(self) -> QuerySet:
        return (
            Offer.objects.publicly_visible(now=timezone.now()).only("pk", "updated_at").order_by("-publish_date", "-pk")
        )

    def location(self, item: Offer) -> str:
        return reverse("offer-detail", args=[item.pk])


def _latest_posting_update(postings: QuerySet) -> Subquery:
    """The newest updated_at among one company's postings in `postings` (NULL when it has none)."""
    per_company = postings.filter(company=OuterRef("pk")).order_by().values("company")
    return Subquery(per_company.annotate(latest=Max("updated_at")).values("latest")[:1])


class CompanySitemap(Sitemap):
    """Companies in good standing with at least one visible posting: a page with nothing to apply to is not
    worth a crawler's visit. lastmod is the latest change to one of those postings (a company keeps no
    modification time of its own)."""

    changefreq = "daily"

    def items(self) -> QuerySet:
        now = timezone.now()
        jobs = Job.objects.publicly_visible(now=now)
        offers = Offer.objects.publicly_visible(now=now)
        job_update, offer_update = _latest_posting_update(jobs), _latest_posting_update(offers)
        return (
            Company.objects.filter(is_blocked=False, is_disabled=False)
            .filter(Exists(jobs.filter(company=OuterRef("pk"))) | Exists(offers.filter(company=OuterRef("pk"))))
            # GREATEST is NULL on some databases when one side is: each side falls back to the other.
            .annotate(
                last_posting_update=Greatest(Coalesce(job_update, offer_update), Coalesce(offer_update, job_update))
            )
            .only("pk", "slug")
            .order_by("pk")
        )

    def location(self, item: Company) -> str:
        return reverse("company-detail", args=[item.slug])

    def lastmod(self, item: Company) -> datetime | None:
        # Annotated by items().
        return item.last_posting_update  # type: ignore[attr-defined]

    def get_latest_lastmod(self) -> datetime | None:
        return _latest(self.items(), "last_posting_update")


class BoardSitemap(Sitemap):
    """The board's first page; it changes whenever a posting does."""

    changefreq = "hourly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        now = timezone.now()
        latest = [
            _latest(Job.objects.publicly_visible(now=now)),
            _latest(Offer.objects.publicly_visible(now=now)),
        ]
        return max((moment for moment in latest if moment is not None), default=None)


# Classes, not instances: the sitemap views make a fresh one per request.
SITEMAPS = {"board": BoardSitemap, "jobs": JobSitemap, "offers": OfferSitemap, "companies": CompanySitemap}
