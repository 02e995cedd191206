"""/unsubscribe/<token>: the one link every mail that can be turned off carries (List-Unsubscribe, RFC 8058).

The token (plumbing.unsubscribe) names its kind; each kind's owner says what it turns off and turns it off:
staff notifications (companies) and saved-search alerts (jobboard), each with its own kind. A GET shows what
would be turned off and one button, and changes nothing (mail scanners open links); a POST turns it off with no
login and no CSRF token, as a mail client's one-click unsubscribe sends it, and answers 200 itself."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from companies.notifications.services import STAFF_TOKEN, staff_unsubscribe, staff_unsubscribe_target
from plumbing.unsubscribe import unsubscribe_token_read

from . import alert_links
from .services import search_alert_unsubscribe_by_link, search_alert_unsubscribe_target


@dataclass(frozen=True)
class Unsubscriber:
    # What the link names, for the page (an object with `label`, `email` and `is_off`), or None when nothing.
    describe: Callable[..., Any]
    # Turns it off; answers what describe answers after it, or None when it names nothing (any more).
    turn_off: Callable[..., Any]


UNSUBSCRIBERS: Mapping[str, Unsubscriber] = {
    STAFF_TOKEN: Unsubscriber(describe=staff_unsubscribe_target, turn_off=staff_unsubscribe),
    alert_links.UNSUBSCRIBE_KIND: Unsubscriber(
        describe=search_alert_unsubscribe_target, turn_off=search_alert_unsubscribe_by_link
    ),
}


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "jobboard/unsubscribe_invalid.html", status=404)


# CSRF-exempt for the one-click POST a mail client sends without a session or a form token; a GET (the only other
# method allowed) changes nothing, and a forged POST can only turn off one mail the token already names.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    read = unsubscribe_token_read(token)
    unsubscriber = UNSUBSCRIBERS.get(read.kind) if read else None
    if read is None or unsubscriber is None:
        return _invalid(request)
    if request.method == "POST":
        done = unsubscriber.turn_off(payload=read.payload)
        if done is None:
            return _invalid(request)
        return render(request, "jobboard/unsubscribed.html", {"target": done})
    target = unsubscriber.describe(payload=read.payload)
    if target is None:
        return _invalid(request)
    return render(request, "jobboard/unsubscribe.html", {"target": target})
