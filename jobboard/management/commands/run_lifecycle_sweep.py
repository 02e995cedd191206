from django.core.management.base import BaseCommand

from jobboard.tasks import run_lifecycle_sweep


class Command(BaseCommand):
    help = (
        "Run the housekeeping now (what Celery beat runs): expire jobs, end offers, send again webhook deliveries "
        "and mail that are due, purge idempotency keys past 24 hours and mail sent over 30 days ago, warn of jobs "
        "expiring within 3 days, send yesterday's application digests (once a day) and add the views counted in Redis "
        "into the daily tables. Without Redis, run it every minute."
    )

    def handle(self, *args, **options):
        counts = run_lifecycle_sweep()
        self.stdout.write(f"Expired {counts['expire_jobs']} job(s); ended {counts['end_offers']} offer(s).")
        self.stdout.write(
            f"Sent {counts['requeue_lost_webhooks']} due webhook delivery(ies) and {counts['requeue_lost_mail']} "
            f"mail(s) again; purged {counts['purge_idempotency_keys']} idempotency key(s) and "
            f"{counts['purge_sent_mail']} sent mail(s)."
        )
        self.stdout.write(
            f"Warned the staff of {counts['warn_expiring_jobs']} job(s) expiring within 3 days; sent "
            f"{counts['send_application_digests']} daily application digest(s)."
        )
        self.stdout.write(f"Added {counts['flush_counts']} view and click counter(s) into the daily tables.")
