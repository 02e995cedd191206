"""bin/bench's URLconf: the production URLs, plus a floor view beside each benchmarked endpoint under /__floor/.

Loaded only through bench.settings (ROOT_URLCONF), which only bin/bench's gunicorn uses; jobboard.urls never
includes it (tests/test_bench_urls_not_in_production.py).
"""

from django.urls import path

from jobboard.urls import urlpatterns as production_urlpatterns

from . import floor

FLOOR_PREFIX = "__floor/"

urlpatterns = [
    path(f"{FLOOR_PREFIX}partner/jobs", floor.partner_jobs),
    path(f"{FLOOR_PREFIX}partner/jobs/<uuid:job_id>", floor.partner_job),
    path(f"{FLOOR_PREFIX}partner/locations/search", floor.partner_locations),
    path(f"{FLOOR_PREFIX}offers", floor.offers),
    path(f"{FLOOR_PREFIX}board", floor.board),
    path(f"{FLOOR_PREFIX}healthz", floor.healthz),
    *production_urlpatterns,
]
