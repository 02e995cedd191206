"""The board's cards, built in Python: the template engine resolving a dozen variables, filters and {% url %}
tags per card cost the board page more than its queries took (bin/bench)."""

import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timezone import localtime

from jobboard.board import Posting
from jobboard.feeds import posting_facts
from jobs.models import Job

register = template.Library()

CARD = """<article class="card posting">
    <h2 class="posting-title"><a href="{url}">{title}</a></h2>
    <p class="muted"><span class="badge">{kind}</span> <a href="{company_url}">{company}</a> · {facts}</p>
    <p class="muted">Posted {posted}</p>
  </article>"""

# Valid for each detail route's converter (uuid, slug, str), and found in no route's fixed text.
_MARKER = "00000000-0000-0000-0000-000000000000"


@functools.cache
def _route(name: str, script_prefix: str) -> str:
    return reverse(name, args=[_MARKER])


def detail_url(name: str, key) -> str:
    """reverse(name, args=[key]) for a route with one slug, uuid or id: reversed once per process and replaced
    per link, instead of resolving the route for each of a page's 40 links. The key is quoted as reverse quotes."""
    return _route(name, get_script_prefix()).replace(_MARKER, quote(str(key), safe=RFC3986_SUBDELIMS + "/~:@"))


@register.simple_tag
def posting_card(posting: Posting) -> str:
    item = posting.item
    return format_html(
        CARD,
        url=detail_url("job-detail" if posting.is_job else "offer-detail", item.pk),
        title=item.title,
        kind="Job" if posting.is_job else "Offer",
        company_url=detail_url("company-detail", item.company.slug),
        company=item.company.name,
        facts=" · ".join(posting_facts(posting)),
        posted=_day(item.published_at if isinstance(item, Job) else item.publish_date),
    )


def _day(moment) -> str:
    """The day as the date filter's "j M Y" writes it in English ("5 Mar 2026"), in the site's time zone."""
    local = localtime(moment)
    return f"{local.day} {local:%b %Y}"
