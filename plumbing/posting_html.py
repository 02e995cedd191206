"""A posting's description as HTML: one rule for jobs and offers, whichever app stored it.

Both kinds of posting take basic HTML cleaned by one nh3 policy, and plain text keeps its paragraphs: a description
with no block markup (no <p>, <br>, list, heading...) has its blank lines read as paragraph breaks and its single
line breaks as <br>, before the same cleaning. It lives below jobs and offers so that neither imports the other.
"""

import html
import re

import nh3
from django.utils.html import escape, linebreaks, strip_tags

# A description may hold nothing that makes a reader's browser fetch on its own: an <img> (even a relative one, such
# as "/dashboard/applications/1/", is a GET in a signed-in reader's name, and elsewhere a tracking pixel). nh3 allows
# no style, srcset or background attribute anyway; links stay, since following one takes the reader's click.
DESCRIPTION_TAGS = frozenset(nh3.ALLOWED_TAGS - {"img"})
DESCRIPTION_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items() if tag != "img"}

# What the forms tell a writer, next to the policy it describes; escaped, as form help is shown as HTML.
FORMATTING_HELP = escape(
    "Plain text keeps its line breaks: leave a blank line between paragraphs. Basic HTML also works "
    "(<p>, <b>, <i>, <ul><li>, <h3>, links); anything else, such as images, scripts and styles, is removed."
)

# Any opening or closing tag or comment: text without one is plain text, and each "<" in it is a character.
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*[\s/>]|<!--", re.IGNORECASE)
# Markup that lays out lines itself: where a writer used it, their newlines are source formatting, not breaks.
_BLOCK_MARKUP = re.compile(r"<(?:p|br|div|ul|ol|li|h[1-6]|blockquote|pre|table|hr|dl)[\s/>]", re.IGNORECASE)
# Tags that end a line or a block: words on either side must not run together in a plain summary.
_BREAKS = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|hr|dl|dt|dd)\b[^>]*>", re.I)


def sanitize_html(value: str) -> str:
    """The policy alone, as offers store their description (the partner job API stores a job's as given)."""
    return nh3.clean(
        value or "", tags=set(DESCRIPTION_TAGS), attributes=DESCRIPTION_ATTRIBUTES, link_rel="noopener noreferrer"
    )


def description_html(value: str) -> str:
    """The HTML a page, a feed or JSON-LD shows for a description, cleaned with today's policy at every read: a
    description stored before a tag was dropped (or written by a path that cleaned nothing) shows none of it."""
    value = value or ""
    if not _MARKUP.search(value):
        # Plain text: "a<b" or "x < y" stay characters.
        return sanitize_html(linebreaks(value, autoescape=True))
    if not _BLOCK_MARKUP.search(value):
        value = linebreaks(value, autoescape=False)
    return sanitize_html(value)


def description_text(value: str) -> str:
    """The words a reader sees in a description, on one line: tags dropped, entities read back as characters."""
    shown = description_html(value)
    return " ".join(html.unescape(strip_tags(_BREAKS.sub(" ", shown))).split())


def visible_text(value: str) -> str:
    """The characters of some HTML a reader would see (what an offer's length rule counts)."""
    return html.unescape(nh3.clean(value, tags=set())).strip()
