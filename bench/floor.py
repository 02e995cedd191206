"""The floor: for each benchmarked endpoint, a bare Django view running the same SQL and returning the same JSON.

No DRF, no templates, no serializers: the app's own selectors (so the floor follows the app's SQL as it changes),
rows read with `.values()` where the selector hands back a queryset (the partner job resource by the app's own
plain function, jobs.api.serializers.job_json, from the app's rows), and JsonResponse. What the app costs above its
floor is then what its framework layers cost (DRF, serializers, templates, the partner rate limit in Redis).
Served only by bin/bench's gunicorn (bench.settings, bench.urls); never part of the production URLconf.
"""

from typing import Any

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from companies.services import partner_key_authenticate
from jobboard.board import board_page
from jobboard.models import SweepRun
from jobs.api.cursors import encode_cursor
from jobs.api.serializers import job_json, place_json
from jobs.models import Job
from jobs.selectors import job_rows_for_company, job_rows_with_children, locations_search
from offers.actors import ANONYMOUS
from offers.api.serializers import offer_json
from offers.selectors import OfferSearch, offers_search
from plumbing.times import iso_z

_UNAUTHORIZED = {"error": {"code": "INVALID_SERVICE_KEY", "message": "Invalid or missing service key."}}


def _partner_company(request):
    scheme, _, raw_key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    key = partner_key_authenticate(raw_key=raw_key.strip()) if scheme.lower() == "bearer" else None
    return key.company if key else None


def partner_jobs(request):
    company = _partner_company(request)
    if company is None:
        return JsonResponse(_UNAUTHORIZED, status=401)
    limit = int(request.GET.get("limit", 20))
    now = timezone.now()
    page = list(job_rows_for_company(company=company)[: limit + 1])
    next_cursor = None
    if len(page) > limit:
        last = page[limit - 1]
        next_cursor = encode_cursor([last["created_at"].isoformat(), str(last["id"])])
    items = [job_json(row, now=now) for row in job_rows_with_children(page[:limit])]
    return JsonResponse({"items": items, "nextCursor": next_cursor})


def partner_job(request, job_id):
    company = _partner_company(request)
    if company is None:
        return JsonResponse(_UNAUTHORIZED, status=401)
    rows = list(job_rows_for_company(company=company).filter(pk=job_id))
    if not rows:
        return JsonResponse({"error": {"code": "NOT_FOUND", "message": "Not found."}}, status=404)
    return JsonResponse(job_json(job_rows_with_children(rows)[0], now=timezone.now()))


def partner_locations(request):
    if _partner_company(request) is None:
        return JsonResponse(_UNAUTHORIZED, status=401)
    places = locations_search(
        query=request.GET.get("q", ""),
        country=request.GET.get("country", "United States"),
        limit=int(request.GET.get("limit", 10)),
    )
    items = [place_json(place) for place in places]
    return JsonResponse({"items": items})


def offers(request):
    search = OfferSearch(value=request.GET.get("value", ""), limit=int(request.GET.get("limit", 20)))
    results, token = offers_search(actor=ANONYMOUS, search=search, now=timezone.now())
    return JsonResponse({"results": [offer_json(offer, ANONYMOUS) for offer in results], "queryToken": token})


def board(request):
    """The rows the board page shows (its count, its postings, the next cursor), as JSON instead of HTML."""
    page = board_page(params=request.GET, now=timezone.now(), cursor=request.GET.get("after"))
    postings = []
    for posting in page.postings:
        item = posting.item
        row: dict[str, Any] = {
            "kind": posting.kind,
            "id": str(item.pk),
            "title": item.title,
            "company": item.company.name,
        }
        if isinstance(item, Job):
            row["posted"] = iso_z(item.published_at) if item.published_at else None
            row["locations"] = [link.location.display_name for link in item.job_locations.all()]
        else:
            row["posted"] = iso_z(item.publish_date)
            row["locations"] = [item.location]
        postings.append(row)
    return JsonResponse({"count": page.count, "nextCursor": page.next_cursor, "postings": postings})


# One client per process: the floor shows what /healthz costs without a new Redis connection per request.
_redis = (
    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2) if settings.REDIS_URL else None
)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    redis_status = "skipped"
    if _redis is not None:
        redis_status = "ok" if _redis.ping() else "error"
    runs = list(SweepRun.objects.values("task", "last_run_at", "rows_changed"))
    last = min((run["last_run_at"] for run in runs), default=None) if len(runs) == 2 else None
    return JsonResponse(
        {
            "database": "ok",
            "redis": redis_status,
            "lastSweepAt": iso_z(last) if last else None,
            "tasks": {
                run["task"]: {"lastRunAt": iso_z(run["last_run_at"]), "rowsChanged": run["rows_changed"]}
                for run in runs
            },
        }
    )
