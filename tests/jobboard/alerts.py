"""Helpers of the saved-search alert tests: subscribe through the page, read the links out of the mail, run the
digests as the beat does."""

import re

from django.test import Client
from django.utils import timezone

from jobboard.services import search_alerts_send_due
from tests.mailbox import Mailbox, text_of


def subscribe(query: str, email: str, frequency: str = "DAILY", client: Client | None = None, **extra):
    client = client or Client()
    page = client.get(f"/alerts/new?{query}")
    assert page.status_code == 200
    return client.post(f"/alerts/new?{query}", {"email": email, "frequency": frequency}, **extra)


def link_in(message, path: str) -> str:
    """The path of the first http://testserver link under `path` in the mail's text part."""
    found = re.search(r"http://testserver(" + re.escape(path) + r"[^\s<>\"]*)", text_of(message))
    assert found, f"no {path} link in: {text_of(message)}"
    return found.group(1)


def confirm(mailbox: Mailbox, email: str, client: Client | None = None) -> None:
    (message,) = [m for m in mailbox.to(email) if "/alerts/confirm/" in text_of(m)][-1:]
    response = (client or Client()).post(link_in(message, "/alerts/confirm/"))
    assert response.status_code == 200


def subscribed(mailbox: Mailbox, django_capture_on_commit_callbacks, query: str, email: str, frequency="DAILY"):
    """An alert for `query` made through the page and confirmed through its mail."""
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(query, email, frequency).status_code == 200
    mailbox.wait_for(1, to=email)
    confirm(mailbox, email)


def run_digests(django_capture_on_commit_callbacks):
    """One digest run now (tests move time with time_machine), its mail sent after its commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return search_alerts_send_due(now=timezone.now())


def digests(mailbox: Mailbox, email: str):
    return [m for m in mailbox.to(email) if m["List-Unsubscribe"]]
