"""RSS 2.0 and Atom feeds of new postings, newest first, for any search of the board.

The feeds read the board's query string through the board's own selector, so a saved search is a feed and a
posting leaves the feed the moment it stops being publicly visible (no cache, no sweep). Filter values the
FilterSet refuses (unknown choices, NUL, over-long text) are left out, as on the board, never an error.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from jobs.choices import RemoteOption, SalaryPeriod
from jobs.formatting import salary_text
from jobs.models import Job
from offers.models import offer_label
from plumbing.posting_html import description_text

from .board import BoardPage, Posting, board_page
from .filters import KIND_CHOICES, POSTED_CHOICES, TYPE_CHOICES, WORKPLACE_CHOICES, board_params
from .templatetags.dashboard import label

FEED_SIZE = 50
SUMMARY_MAX_CHARS = 300
# The filters a feed link carries over to the board, in the order the board's form shows them.
FILTER_PARAMS = (
    "q",
    "kind",
    "type",
    "workplace",
    "location",
    "salary_min",
    "posted_within",
    "fields",
    "technologies",
)
_CHOICE_LABELS = {
    "kind": dict(KIND_CHOICES),
    "type": dict(TYPE_CHOICES),
    "workplace": dict(WORKPLACE_CHOICES),
    "posted_within": dict(POSTED_CHOICES),
}


@dataclass(frozen=True)
class FeedEntry:
    """One posting of a feed with its absolute addresses (item methods see the item only, not the request)."""

    posting: Posting
    link: str
    company_link: str


@dataclass(frozen=True)
class FeedSearch:
    """A feed request: the postings it lists and the filters that chose them (only the valid ones)."""

    page: BoardPage
    cleaned: dict
    query: str  # the valid filters as a query string, "" when there are none
    absolute: Callable[[str], str]  # the request's build_absolute_uri: this host, this scheme

    @property
    def words(self) -> str:
        return self.cleaned.get("q") or ""

    @property
    def kind(self) -> str:
        return self.cleaned.get("kind") or ""


def _label(value: str | None) -> str:
    """An enum value in the board's words ("SUMMER INTERNSHIP" → "Summer internship"); nothing when unset."""
    return label(value) if value else ""


def _valid_filters(page: BoardPage, params) -> tuple[dict, str]:
    """The filters the FilterSet accepted, with their values as a query string for the board and the feed."""
    cleaned = {name: value for name, value in page.filters.form.cleaned_data.items() if value not in (None, "", [])}
    pairs: list[tuple[str, str]] = []
    for name in FILTER_PARAMS:
        if name in cleaned:
            # The raw values of an accepted filter (strip surrounding blanks, as the form did).
            pairs.extend((name, value.strip()) for value in params.getlist(name) if value.strip())
    return cleaned, urlencode(pairs)


def _job_place(job) -> str:
    places = [job_location.location.display_name for job_location in job.job_locations.all()]
    if job.remote_option == RemoteOption.REMOTE:
        return f"Remote ({job.remote_country})" if job.remote_country else "Remote"
    workplace = _label(job.remote_option)
    return f"{workplace}: {'; '.join(places)}" if places and workplace else "; ".join(places) or workplace


def _detail_path(posting: Posting) -> str:
    if posting.is_job:
        return reverse("job-detail", args=[posting.item.pk])
    return reverse("offer-detail", args=[posting.item.pk])


def posting_facts(posting: Posting) -> list[str]:
    """Where and what kind of work: a job's place, type and pay, an offer's place, type and fields; the board's
    cards and the feeds show the same. Facts a posting does not give are left out."""
    item = posting.item
    if isinstance(item, Job):
        facts = [_job_place(item), _label(item.job_type), item.salary_text]
    else:
        facts = [item.location, item.job_type_label, ", ".join(item.field_labels)]
    return [fact for fact in facts if fact]


def filters_described(cleaned: dict) -> list[str]:
    """The chosen filters but the words and the kind, in the board's words ("Remote", "at least $80,000 a year"):
    what a feed's description and an alert's mails and manage page say the search is."""
    chosen = []
    for name in FILTER_PARAMS:
        value: Any = cleaned.get(name)
        if name in ("q", "kind") or value in (None, "", []):
            continue
        if name in _CHOICE_LABELS:
            value = _CHOICE_LABELS[name].get(value, value)
        elif name == "salary_min":
            value = f"at least {salary_text(int(value), None, SalaryPeriod.ANNUAL).removeprefix('From ')}"
        elif name == "fields":
            value = ", ".join(offer_label(field) for field in value)
        elif name == "technologies":
            value = ", ".join(value)
        chosen.append(str(value))
    return chosen


def posting_summary(posting: Posting) -> tuple[str, str]:
    """What a feed reader shows under the title, as plain text: the company and the facts, and the start of the
    description."""
    item = posting.item
    # Both kinds by the pages' one rule (plumbing/posting_html.py): the words a reader sees, tags dropped.
    facts = [item.company.name, *posting_facts(posting)]
    return " · ".join(facts), Truncator(description_text(item.description)).chars(SUMMARY_MAX_CHARS)


# XML 1.0 cannot carry these control characters, and Django's feed writer refuses them with an error. They
# can come from a search or from a stored title, so every text of a feed is cleaned of them on the way out.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value):
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def _xml_clean(mapping: dict) -> dict:
    return {
        key: [_xml_text(v) for v in value] if isinstance(value, (list, tuple)) else _xml_text(value)
        for key, value in mapping.items()
    }


class XmlSafeMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*[_xml_text(a) for a in args], **_xml_clean(kwargs))

    def add_item(self, *args, **kwargs):
        # Mixed into a SyndicationFeed, which has add_item.
        super().add_item(*[_xml_text(a) for a in args], **_xml_clean(kwargs))  # type: ignore[misc]


class SafeRssFeed(XmlSafeMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(XmlSafeMixin, Atom1Feed):
    pass


class PostingsFeed(Feed):
    """RSS 2.0: the newest postings matching the query string's filters."""

    feed_type: type[SyndicationFeed] = SafeRssFeed
    feed_name = "feed-rss"
    item_guid_is_permalink = True

    def get_object(self, request, *args, **kwargs) -> FeedSearch:
        # Newest first whatever the search: a feed reader wants what is new, not what matches best.
        page = board_page(params=request.GET, now=timezone.now(), limit=FEED_SIZE, by_relevance=False)
        cleaned, query = _valid_filters(page, board_params(request.GET))
        return FeedSearch(page=page, cleaned=cleaned, query=query, absolute=request.build_absolute_uri)

    def title(self, obj: FeedSearch) -> str:
        noun = {"job": "jobs", "offer": "offers"}.get(obj.kind, "postings")
        if obj.words:
            return f"New {noun} matching “{obj.words}”"
        return f"New {noun}" if obj.kind else "New jobs and offers"

    def description(self, obj: FeedSearch) -> str:
        text = "Jobs and offers open now, newest first."
        chosen = filters_described(obj.cleaned)
        return f"{text} Filters: {'; '.join(chosen)}." if chosen else text

    subtitle = description

    def link(self, obj: FeedSearch) -> str:
        board = reverse("home")
        return f"{board}?{obj.query}" if obj.query else board

    def feed_url(self, obj: FeedSearch) -> str:
        path = reverse(self.feed_name)
        return f"{path}?{obj.query}" if obj.query else path

    def items(self, obj: FeedSearch) -> list[FeedEntry]:
        return [
            FeedEntry(
                posting=posting,
                link=obj.absolute(_detail_path(posting)),
                company_link=obj.absolute(reverse("company-detail", args=[posting.item.company.slug])),
            )
            for posting in obj.page.postings
        ]

    def item_title(self, entry: FeedEntry) -> str:
        return f"{entry.posting.item.title} at {entry.posting.item.company.name}"

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_description(self, entry: FeedEntry) -> str:
        # Readers take an RSS description and an Atom summary as HTML: the plain text goes in escaped, so a
        # "<" in a job's text is shown, never run.
        return "".join(format_html("<p>{}</p>", part) for part in posting_summary(entry.posting) if part)

    def item_pubdate(self, entry: FeedEntry):
        item = entry.posting.item
        return item.published_at if isinstance(item, Job) else item.publish_date

    def item_updateddate(self, entry: FeedEntry):
        return entry.posting.item.updated_at

    def item_author_name(self, entry: FeedEntry) -> str:
        return entry.posting.item.company.name

    def item_author_link(self, entry: FeedEntry) -> str:
        return entry.company_link

    def item_categories(self, entry: FeedEntry) -> list[str]:
        item = entry.posting.item
        if isinstance(item, Job):
            return [category for category in (_label(item.job_type), _label(item.remote_option)) if category]
        categories = [item.job_type_label] if item.job_type else []
        return categories + item.field_labels + list(item.technologies)


class PostingsAtomFeed(PostingsFeed):
    """Atom 1.0: the same entries as the RSS feed."""

    feed_type = SafeAtomFeed
    feed_name = "feed-atom"
