import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

app = Celery("jobboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobboard", "companies", "plumbing"])

# One static schedule in code: every beat runs the same housekeeping, and running it twice is harmless.
app.conf.beat_schedule = {
    "expire-jobs": {"task": "jobboard.tasks.expire_jobs", "schedule": 60.0},
    "end-offers": {"task": "jobboard.tasks.end_offers", "schedule": 60.0},
    # Views and apply clicks counted in Redis, into the daily tables (analytics).
    "flush-counts": {"task": "jobboard.tasks.flush_counts", "schedule": 60.0},
    "purge-idempotency-keys": {"task": "jobboard.tasks.purge_idempotency_keys", "schedule": 3600.0},
    "requeue-lost-webhooks": {"task": "companies.tasks.requeue_lost_webhooks", "schedule": 60.0},
    "requeue-lost-mail": {"task": "plumbing.tasks.requeue_lost_mail", "schedule": 60.0},
    "purge-sent-mail": {"task": "plumbing.tasks.purge_sent_mail", "schedule": 3600.0},
    "warn-expiring-jobs": {"task": "jobboard.tasks.warn_expiring_jobs", "schedule": 3600.0},
    # Yesterday's applications (UTC days), from 06:00, each morning in Europe and before the working day in the
    # Americas; tried every hour after that, so a beat or worker down at 06:00 delays the digest instead of losing
    # it (each digest is claimed once a day, so the later runs send nothing more).
    "send-application-digests": {
        "task": "jobboard.tasks.send_application_digests",
        "schedule": crontab(hour="6-23", minute=0),
    },
    # Saved-search digests: each alert is due once a day or a week; the hourly run sends those due.
    "send-search-alerts": {"task": "jobboard.tasks.send_search_alerts", "schedule": 3600.0},
    "purge-unconfirmed-alerts": {"task": "jobboard.tasks.purge_unconfirmed_alerts", "schedule": 3600.0},
}
