from django.core.management.base import BaseCommand
from django.utils import timezone

from jobboard.services import search_alerts_send_due


class Command(BaseCommand):
    help = (
        "Send every due saved-search digest now (what Celery beat runs every hour): each confirmed alert whose "
        "day or week since its last digest is over gets the new postings matching its search, if any. Safe to run "
        "while another run is going: no alert gets two digests in one period."
    )

    def handle(self, *args, **options):
        run = search_alerts_send_due(now=timezone.now())
        self.stdout.write(f"{run.alerts} due alert(s); {run.digests} digest(s) sent.")
