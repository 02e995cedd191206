"""The Celery task that sends one mail, retried with backoff while the mail server refuses it."""

from celery import shared_task

from .mail import Mail, mail_deliver


@shared_task(
    name="plumbing.tasks.send_mail",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_mail(*, to: str, subject: str, text: str, html: str) -> None:
    mail_deliver(Mail(to=to, subject=subject, text=text, html=html))
