import pytest
from django.db import transaction

from plumbing.mail import Mail
from plumbing.services import mail_queue


@pytest.fixture
def queue_mail(django_capture_on_commit_callbacks):
    """Queues a mail in a transaction that commits, as a service does, and runs what the commit triggers."""

    def _queue(to: str = "staff@outbox.example", subject: str = "Your job is live"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return mail_queue(mail=Mail(kind="test", to=to, subject=subject, text="It is.", html="<p>It is.</p>"))

    return _queue
