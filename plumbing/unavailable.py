"""The one page a visitor gets for a posting or a company page that is not public now.

410 Gone for what ended for good (a closed or expired job, an archived or ended offer), 404 for what may come back
or never was (a paused job, a hidden or blocked offer, a company taken down, an unknown address). It shows nothing
of what is not public, not even a title: only what kind of page it was and the way back to the board. Rendered
here rather than raised as Http404, so a visitor gets the site's page in DEBUG too, not Django's technical one.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

GONE = 410
NOT_FOUND = 404


def unavailable_page(request: HttpRequest, *, kind: str, gone: bool) -> HttpResponse:
    """`kind` in the visitor's words: "job", "offer", "company page"."""
    context = {"kind": kind, "gone": gone}
    return render(request, "unavailable.html", context, status=GONE if gone else NOT_FOUND)
