"""Saved-search alert pages: subscribe from a board search, confirm, one-click unsubscribe, and manage an
address's alerts from a signed link. The board links here; the board itself sets no cookie, these forms may."""

import math

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from companies.exceptions import ValidationFailed
from companies.login_throttle import client_ip
from plumbing.input_rules import BIGINT_MAX, parse_ascii_int
from plumbing.ratelimit import limit_wait

from . import alert_links, services
from .forms import SearchAlertForm
from .selectors import alert_query, alert_search, alerts_of_address
from .validators import alert_email_normalised

# Sign-ups, each of which mails a confirmation: a network may ask for a few an hour, and an address be asked for
# a few an hour whoever asks (so nobody can flood someone's inbox with confirmations). Fails open without Redis.
SUBSCRIBE_PER_IP, SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_WINDOW_SECONDS = 20, 5, 3600


def _subscribe_wait(request: HttpRequest, email: str) -> int:
    by_ip = limit_wait(
        f"alert-subscribe:ip:{client_ip(request)}", SUBSCRIBE_PER_IP, SUBSCRIBE_WINDOW_SECONDS, what="Alert limit"
    )
    if by_ip:
        return by_ip
    key = f"alert-subscribe:address:{alert_email_normalised(email)}"
    return limit_wait(key, SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_WINDOW_SECONDS, what="Alert limit")


@require_http_methods(["GET", "HEAD", "POST"])
def alert_new(request: HttpRequest) -> HttpResponse:
    """GET /alerts/new?<board query string>: the form; POST: save the search, unconfirmed, and mail the link."""
    query = alert_query(request.GET)
    search = alert_search(query)
    form = SearchAlertForm(request.POST or None)
    context = {"form": form, "search": search, "query": query, "board_url": alert_links.board_url(query)}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = _subscribe_wait(request, email)
        if wait:
            context["minutes"] = max(1, math.ceil(wait / 60))
            response = render(request, "jobboard/alert_too_many.html", context, status=429)
            response["Retry-After"] = str(wait)
            return response
        try:
            services.search_alert_subscribe(
                email=email, frequency=form.cleaned_data["frequency"], params=QueryDict(query), now=timezone.now()
            )
        except ValidationFailed as error:
            for name, message in error.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            return render(request, "jobboard/alert_sent.html", {**context, "email": email})
    return render(request, "jobboard/alert_new.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The mail's link shows one Confirm button, which confirms: mail scanners open links, so an address is
    subscribed only by someone who clicks. Opening it again, or clicking again, changes nothing."""
    now = timezone.now()
    if request.method == "POST":
        alert = services.search_alert_confirm(token=token, now=now)
    else:
        alert = services.search_alert_for_link(token=token, now=now)
    if alert is None:
        return render(request, "jobboard/alert_link_invalid.html", status=404)
    context = {"alert": alert, "search": alert_search(alert.query), "board_url": alert_links.board_url(alert.query)}
    if alert.confirmed_at is None:
        return render(request, "jobboard/alert_confirm.html", context)
    return render(request, "jobboard/alert_confirmed.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def alert_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The address's alerts (from a signed link), each with its search and a delete button (a POST with the
    page's CSRF token)."""
    email = alert_links.manage_email(token)
    if email is None:
        return render(request, "jobboard/alert_link_invalid.html", status=404)
    if request.method == "POST":
        alert_id = parse_ascii_int(request.POST.get("alert", ""))
        if alert_id is None or not 0 < alert_id <= BIGINT_MAX:
            raise Http404("No such alert.")
        services.search_alert_unsubscribe(alert_id=alert_id, email=email, now=timezone.now())
        return redirect("alert-manage", token=token)
    alerts = [
        {"alert": alert, "search": alert_search(alert.query), "board_url": alert_links.board_url(alert.query)}
        for alert in alerts_of_address(email=email)
    ]
    return render(request, "jobboard/alert_manage.html", {"email": email, "alerts": alerts})
