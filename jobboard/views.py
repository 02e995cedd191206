"""Composition-level pages: /healthz, the board, the public company page and the dashboard overview (jobs and
offers together), and the company profile (its save refreshes the search documents of jobs and offers)."""

import functools

import redis
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from companies.access import company_staff_required
from companies.applications.selectors import company_onboarding_state
from companies.exceptions import ValidationFailed
from companies.forms import CompanyProfileForm, add_service_errors
from companies.models import Company
from companies.selectors import webhook_endpoints_switched_off
from companies.validators import CARD_BRANDS
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.selectors import company_spend, jobs_off_board_for_budget, jobs_summary
from offers.models import Offer
from offers.selectors import offers_summary
from plumbing.day_ranges import Column, chart_table, daily_csv
from plumbing.times import iso_z
from plumbing.unavailable import unavailable_page

from . import services
from .board import board_page
from .filters import JobBoardFilter, board_params, panel_filters_set, param_values
from .models import SweepRun
from .selectors import company_last_days

# A company's logo is an image at whatever http(s) address it gave: the pages that show one widen the site's CSP to
# images from any host; every other page keeps img-src 'self'.
logo_images_allowed = csp_update({"img-src": ["https:", "http:"]})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL for the life of the process: a probe reuses a connection
    instead of opening one per request, and a connection Redis dropped is replaced at the next probe."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "skipped"
    try:
        _redis_client(settings.REDIS_URL).ping()
        return "ok"
    except redis.RedisError:
        return "error"


@require_GET
def healthz(request):
    database = "ok" if _database_ok() else "error"
    redis_status = _redis_status()
    runs = {}
    if database == "ok":
        try:
            runs = {run.task: run for run in SweepRun.objects.all()}
        except DatabaseError:  # it went away since the probe (a restart under way): still JSON, still 503
            database = "error"
    # The sweep is as recent as its most lagging task.
    last_sweep = min((run.last_run_at for run in runs.values()), default=None) if len(runs) == 2 else None
    body = {
        "database": database,
        "redis": redis_status,
        "lastSweepAt": iso_z(last_sweep) if last_sweep else None,
        "tasks": {
            task: {"lastRunAt": iso_z(run.last_run_at), "rowsChanged": run.rows_changed} for task, run in runs.items()
        },
    }
    healthy = database == "ok" and redis_status != "error"
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def board(request):
    """The public board: every posting visible now, filtered by the query string, in keyset pages."""
    page = board_page(params=request.GET, now=timezone.now(), cursor=request.GET.get("after"))
    filters_used = any(value.strip() for name, value in request.GET.items() if name != "after")
    form = page.filters.form
    params = board_params(request.GET)
    values = tuple((name, tuple(param_values(params, name))) for name in form.fields)
    search_form = board_search_form(values, panel_filters_set(params), get_script_prefix())
    context = {"page": page, "filters_used": filters_used, "search_form": search_form}
    return render(request, "jobboard/board.html", context)


@functools.lru_cache(maxsize=128)
def board_search_form(values: tuple[tuple[str, tuple[str, ...]], ...], filters_open: bool, script_prefix: str) -> str:
    """The board's search form for these filter values, rendered once per process and values: its 175 static
    choices took the board longer to render than its queries took to run, and most visits send no filter or the
    same few. `values` holds the form's own fields only, so other query parameters never make a new entry; the
    script prefix is part of the key because the form's links include it."""
    params = QueryDict(mutable=True)
    for name, given in values:
        params.setlist(name, list(given))
    form = JobBoardFilter(params, queryset=Job.objects.none(), now=timezone.now()).form
    return render_to_string("jobboard/_search_form.html", {"f": form, "filters_open": filters_open})


POSTINGS_PER_PAGE = 20
SUMMARY_MAX_CHARS = 200
JOBS_PAGE, OFFERS_PAGE = "jobs_page", "offers_page"


def _page(request: HttpRequest, queryset: QuerySet[Job] | QuerySet[Offer], param: str) -> Page:
    """One page of a list; a missing, malformed or too-large number reads as the nearest real page."""
    return Paginator(queryset, POSTINGS_PER_PAGE).get_page(request.GET.get(param))


def _page_links(request: HttpRequest, page: Page, param: str) -> list[dict[str, object]]:
    """Page number links that keep the other list's page, e.g. ?offers_page=2&jobs_page=3."""
    links: list[dict[str, object]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if not isinstance(number, int):  # Paginator.ELLIPSIS
            links.append({"ellipsis": True})
            continue
        query = request.GET.copy()
        query[param] = str(number)
        links.append({"number": number, "href": f"?{query.urlencode()}", "current": number == page.number})
    return links


def _canonical_url(request: HttpRequest, company: Company, pages: dict[str, Page]) -> str:
    # Each page of a list is its own page for search engines; page 1 is the bare address.
    query = {param: page.number for param, page in pages.items() if page.number > 1}
    url = request.build_absolute_uri(reverse("company-detail", args=[company.slug]))
    return f"{url}?{urlencode(query)}" if query else url


# django-csp types a view as taking the request alone; its wrapper passes the URL's arguments through.
@logo_images_allowed  # type: ignore[arg-type]
@require_safe
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public company page: its profile and the jobs and offers a candidate can see now."""
    # A blocked or disabled company has no public page at all, like an unknown one: it may come back (404).
    company = Company.objects.filter(slug=slug, is_blocked=False, is_disabled=False).first()
    if company is None:
        return unavailable_page(request, kind="company page", gone=False)
    now = timezone.now()
    # The one definition of "publicly visible" of each posting decides here too.
    jobs = (
        Job.objects.publicly_visible(now=now)
        .filter(company=company)
        .prefetch_related("job_locations__location")
        .order_by("-published_at", "-id")
    )
    offers = Offer.objects.publicly_visible(now=now).filter(company=company).order_by("-publish_date", "-id")
    pages = {JOBS_PAGE: _page(request, jobs, JOBS_PAGE), OFFERS_PAGE: _page(request, offers, OFFERS_PAGE)}
    summary = " ".join(company.bio.split()) or f"Open jobs and offers at {company.name}."
    context = {
        "company": company,
        "jobs": pages[JOBS_PAGE],
        "job_links": _page_links(request, pages[JOBS_PAGE], JOBS_PAGE),
        "offers": pages[OFFERS_PAGE],
        "offer_links": _page_links(request, pages[OFFERS_PAGE], OFFERS_PAGE),
        "meta": {
            "title": company.name,
            "description": Truncator(summary).chars(SUMMARY_MAX_CHARS),
            "url": _canonical_url(request, company, pages),
            "image": company.logo_url,
        },
    }
    return render(request, "jobboard/company.html", context)


# The overview names this many jobs kept off the board by a full budget; the Jobs page marks every one.
OVERVIEW_OFF_BOARD_LISTED = 10


@require_GET
@company_staff_required
def dashboard_overview(request, *, company):
    """What needs attention today: live postings, new applicants, spend against caps, what ends soon."""
    now = timezone.now()
    off_board = jobs_off_board_for_budget(company=company, now=now, status=JobStatus.ACTIVE)
    context = {
        "off_board": off_board[:OVERVIEW_OFF_BOARD_LISTED],
        "off_board_total": len(off_board),
        "off_board_more": max(0, len(off_board) - OVERVIEW_OFF_BOARD_LISTED),
        "jobs": jobs_summary(company=company, now=now),
        "offers": offers_summary(company=company, now=now),
        "spend": company_spend(company=company, now=now),
        "terms_version": settings.CURRENT_EMPLOYER_TERMS_VERSION,
        "switched_off_webhooks": webhook_endpoints_switched_off(company=company),
        "onboarding": company_onboarding_state(company=company),
        **_last_days_context(company, today=now.date()),
    }
    return render(request, "dashboard/overview.html", context)


# The overview chart's table and CSV: the whole company's views (jobs and offers), applications and spend.
OVERVIEW_COLUMNS = (
    Column("views", "Views", "views"),
    Column("applications", "Applications", "applications"),
    Column("spend_cents", "Spend", "spendCents", money=True),
)


def _last_days_context(company: Company, *, today) -> dict:
    last = company_last_days(company_id=company.pk, today=today)
    caption = f"Per day, {last.date_from:%Y-%m-%d} to {last.date_to:%Y-%m-%d} (UTC), jobs and offers together"
    return {
        "last_days": last,
        "chart": chart_table(caption=caption, columns=OVERVIEW_COLUMNS, days=last.days),
        "totals": [
            {"label": column.label, "money": column.money, "change": last.changes[column.field]}
            for column in OVERVIEW_COLUMNS
        ],
    }


@require_GET
@company_staff_required
def dashboard_overview_csv(request, *, company):
    last = company_last_days(company_id=company.pk, today=timezone.now().date())
    filename = f"overview-{last.date_from.isoformat()}-{last.date_to.isoformat()}.csv"
    return daily_csv(filename=filename, columns=OVERVIEW_COLUMNS, days=last.days)


def company_profile_form_save(request: HttpRequest, company: Company) -> tuple[CompanyProfileForm, bool]:
    """The profile form of the Company page and the onboarding, and whether this request saved it. Saved through
    jobboard's service: a rename refreshes the search documents of postings."""
    form = CompanyProfileForm.for_company(company, request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        services.company_profile_update(
            company=company,
            name=form.cleaned_data["name"],
            logo_url=form.cleaned_data["logo_url"],
            bio=form.cleaned_data["bio"],
            contacts=form.cleaned_data["contacts"],
        )
    except ValidationFailed as error:
        add_service_errors(form, error)
        return form, False
    messages.success(request, "Company profile saved.")
    return form, True


@logo_images_allowed
@company_staff_required
@require_http_methods(["GET", "POST"])
def dashboard_company_profile(request, *, company):
    form, saved = company_profile_form_save(request, company)
    if saved:
        return redirect("dashboard-company")
    context = {
        "form": form,
        "company": company,
        "terms_version": settings.CURRENT_EMPLOYER_TERMS_VERSION,
        "card_brand": CARD_BRANDS.get(company.payment_card_brand, company.payment_card_brand),
    }
    return render(request, "companies/profile.html", context)
