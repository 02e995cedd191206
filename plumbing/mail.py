"""Mail from the platform: each kind a pair of templates (templates/mail/<kind>.txt and .html) and a subject,
sent by a Celery task once the change that causes it has committed.

With Redis a worker sends it, so a page's answer never waits on (or is timed by) the mail server; without Redis
tasks run in-process. A mail the broker did not take is sent in-process rather than lost."""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_HEADER_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str


def mail_render(*, kind: str, to: str, subject: str, context: Mapping) -> Mail:
    context = {**context, "site_name": settings.SITE_NAME}
    return Mail(
        to=to,
        subject=subject,
        text=render_to_string(f"mail/{kind}.txt", context),
        html=render_to_string(f"mail/{kind}.html", context),
    )


def mail_deliver(mail: Mail) -> None:
    message = EmailMultiAlternatives(
        # User text (a company's name) and templates' line ends reach the subject: every mail's subject is one
        # line, so no break in it may start a header of its own.
        subject=_HEADER_BREAKS.sub(" ", mail.subject).strip(),
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        # RFC 3834: an automatic message, so vacation responders do not answer it.
        headers={"Auto-Submitted": "auto-generated"},
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    message.send()


def mail_send_on_commit(mail: Mail) -> None:
    """Sends `mail` once the current transaction commits (at once outside one); never raises into the caller."""
    transaction.on_commit(partial(_enqueue, mail))


def _enqueue(mail: Mail) -> None:
    # Imported here: the tasks module imports this one.
    from .tasks import send_mail

    if not current_app.conf.task_always_eager:
        try:
            send_mail.delay(to=mail.to, subject=mail.subject, text=mail.text, html=mail.html)
            return
        except Exception:
            logger.warning("the broker did not take a mail; sending it in-process", exc_info=True)
    try:
        mail_deliver(mail)
    except Exception:
        logger.exception("mail %r to %s not sent", mail.subject, mail.to)
