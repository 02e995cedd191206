"""Mail from the platform: each kind a pair of templates (templates/mail/<kind>.txt and .html) and a subject.

Callers render a mail and queue it (plumbing.services.mail_queue) in the transaction of the change it tells about;
the outbox sends it once that commits. This module only renders and speaks to the mail backend."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

_HEADER_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True)
class Mail:
    kind: str
    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str = ""


def mail_render(*, kind: str, to: str, subject: str, context: Mapping[str, Any], unsubscribe_url: str = "") -> Mail:
    context = {**context, "site_name": settings.SITE_NAME, "unsubscribe_url": unsubscribe_url}
    return Mail(
        kind=kind,
        to=to,
        subject=subject,
        text=render_to_string(f"mail/{kind}.txt", context),
        html=render_to_string(f"mail/{kind}.html", context),
        unsubscribe_url=unsubscribe_url,
    )


def absolute_url(path: str) -> str:
    """A link for a mail: the site's address (SITE_URL) and `path`."""
    return f"{settings.SITE_URL}{path}"


# A subject a mail client shows whole; user text in it (a title, a URL) may be much longer.
SUBJECT_MAX = 200


def one_line(subject: str) -> str:
    """User text (a company's name) and templates' line ends reach subjects: every subject is one line, so no break
    in it may start a header of its own, and at most SUBJECT_MAX characters, so no text makes a mail unstorable."""
    line = _HEADER_BREAKS.sub(" ", subject).strip()
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1].rstrip() + "…"


def mail_deliver(mail: Mail) -> None:
    """Hands the mail to the configured backend; raises what the backend raises (OSError for SMTP failures)."""
    # RFC 3834: an automatic message, so vacation responders do not answer it.
    headers = {"Auto-Submitted": "auto-generated"}
    if mail.unsubscribe_url:
        # RFC 8058: a mail client may unsubscribe with one POST, without opening a page.
        headers["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=one_line(mail.subject),
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=headers,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    message.send()
