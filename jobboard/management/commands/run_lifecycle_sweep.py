from django.core.management.base import BaseCommand

from jobboard.tasks import run_lifecycle_sweep


class Command(BaseCommand):
    help = "Run the lifecycle housekeeping now (what Celery beat runs every minute)."

    def handle(self, *args, **options):
        counts = run_lifecycle_sweep()
        self.stdout.write(f"Expired {counts['expire_jobs']} job(s); ended {counts['end_offers']} offer(s).")
