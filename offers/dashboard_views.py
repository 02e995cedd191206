"""Company dashboard pages about offers: thin views over the same services as the offers API.

Every query is scoped by the staff member's company, so another company's offer is a 404 before any
service runs; the services then judge every rule exactly as they do for the API.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from companies.access import company_staff_required
from plumbing.day_ranges import Column, chart_table, chosen_range, daily_csv, range_refused

from . import selectors
from .actors import Actor
from .exceptions import OfferError
from .forms import OfferForm, StateFilterForm, offer_error_text
from .models import HiddenReason, Offer
from .services import moderation
from .services import offers as services

PAGE_SIZE = 20
State = selectors.OfferState
BADGE_CLASSES = {
    State.LIVE: "good",
    State.SCHEDULED: "",
    State.HIDDEN: "warn",
    State.BLOCKED: "bad",
    State.WITH_COMPANY: "bad",
    State.ARCHIVED: "",
    State.ENDED: "",
}


def _actor(request, company) -> Actor:
    return Actor("company", user=request.user, company=company)


def _badge(offer):
    """The offer with its state's words and colour, for the templates."""
    offer.state_label = State(offer.state).label
    offer.state_class = BADGE_CLASSES[offer.state]
    return offer


def _offer_of(company, offer_id: int):
    """The company's offer or 404: another company's offer is simply not found."""
    offers = selectors.offers_with_state(company=company, now=timezone.now())
    return _badge(get_object_or_404(offers, pk=offer_id))


@company_staff_required
@require_safe
def offer_list(request, *, company):
    now = timezone.now()
    filters = StateFilterForm(request.GET)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    offers = selectors.offers_with_state(company=company, now=now, state=state or None)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_badge(offer) for offer in page.object_list]
    counts = selectors.offer_state_counts(company=company, now=now)
    context = {
        "page": page,
        "state": state,
        "state_options": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "total": sum(counts.values()),
    }
    return render(request, "offers/list.html", context)


@company_staff_required
@require_safe
def offer_detail(request, *, company, offer_id: int):
    offer = _offer_of(company, offer_id)
    today = timezone.now().date()
    chosen = chosen_range(params=request.GET, today=today)
    days = selectors.offer_days(offer_id=offer.pk, date_from=chosen.start, date_to=chosen.end)
    totals = {field: sum(day[field] for day in days) for field in selectors.OFFER_DAY_FIELDS}
    context = {
        "offer": offer,
        "State": State,
        "range": chosen,
        "presets": chosen.presets(today=today),
        "totals": totals,
        "click_rate": totals["apply_clicks"] / totals["views"] if totals["views"] else None,
        "chart": chart_table(
            caption=f"Per day, {chosen.start:%Y-%m-%d} to {chosen.end:%Y-%m-%d} (UTC)", columns=OFFER_COLUMNS, days=days
        ),
    }
    return render(request, "offers/detail.html", context)


# The offer chart's table and CSV columns: the daily figures' keys as an API names them, in words for people.
OFFER_COLUMNS = (Column("views", "Views", "views"), Column("apply_clicks", "Apply clicks", "applyClicks"))


@company_staff_required
@require_safe
def offer_stats_csv(request, *, company, offer_id: int):
    offer = get_object_or_404(Offer, company=company, pk=offer_id)
    chosen = chosen_range(params=request.GET, today=timezone.now().date())
    if chosen.errors:
        return range_refused(chosen)
    days = selectors.offer_days(offer_id=offer.pk, date_from=chosen.start, date_to=chosen.end)
    filename = f"offer-{offer.pk}-{chosen.start.isoformat()}-{chosen.end.isoformat()}.csv"
    return daily_csv(filename=filename, columns=OFFER_COLUMNS, days=days)


@company_staff_required
@require_http_methods(["GET", "POST"])
def offer_new(request, *, company):
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=_actor(request, company), company=company, data=form.offer_data)
        except OfferError as error:
            form.add_refusal(error)
        else:
            hidden = " It is hidden until you enable it." if offer.is_hidden else ""
            messages.success(request, f"Offer “{offer.title}” created.{hidden}")
            return redirect("dashboard-offer", offer_id=offer.pk)
    return render(request, "offers/form.html", {"form": form, "offer": None})


@company_staff_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, *, company, offer_id: int):
    offer = _offer_of(company, offer_id)
    form = OfferForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        if not form.offer_data:
            messages.info(request, "Nothing changed.")
            return redirect("dashboard-offer", offer_id=offer.pk)
        try:
            services.offer_edit(actor=_actor(request, company), offer_id=offer.pk, changes=form.offer_data)
        except OfferError as error:
            form.add_refusal(error)
        else:
            # The offers API edits an archived offer too (its spec refuses nothing for it), so the dashboard saves
            # it as well and says that nothing public changes.
            saved = "Offer saved. It stays archived: candidates do not see it." if offer.is_archived else "Offer saved."
            messages.success(request, saved)
            return redirect("dashboard-offer", offer_id=offer.pk)
    context = {"form": form, "offer": offer, "blocked": offer.hidden_reason == HiddenReason.ADMIN_REQUEST}
    return render(request, "offers/form.html", context)


def _act(request, company, offer_id: int, service, done: str):
    """Runs one offer action and tells the person what happened, in words; always back to the offer."""
    offer = _offer_of(company, offer_id)
    try:
        service(actor=_actor(request, company), offer_id=offer.pk)
    except OfferError as error:
        messages.error(request, offer_error_text(error))
    else:
        messages.success(request, done)
    return redirect("dashboard-offer", offer_id=offer.pk)


@company_staff_required
@require_POST
def offer_hide(request, *, company, offer_id: int):
    return _act(request, company, offer_id, services.offer_hide, "Offer hidden. Candidates no longer see it.")


@company_staff_required
@require_POST
def offer_enable(request, *, company, offer_id: int):
    done = "Offer enabled. Candidates see it while it is published."
    return _act(request, company, offer_id, services.offer_enable, done)


@company_staff_required
@require_POST
def offer_archive(request, *, company, offer_id: int):
    if request.POST.get("confirm") != "yes":
        _offer_of(company, offer_id)
        messages.error(request, "Tick the box to confirm: archiving cannot be undone.")
        return redirect("dashboard-offer", offer_id=offer_id)
    return _act(request, company, offer_id, services.offer_archive, "Offer archived. It is never shown again.")


@company_staff_required
@require_POST
def company_account(request, *, company):
    """Disable or re-enable the company's own account: its offers hide and come back with it."""
    action = request.POST.get("action")
    actor = _actor(request, company)
    if action == "disable":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Tick the box to confirm that you want to disable the account.")
        else:
            moderation.company_disable(actor=actor, company_id=company.pk)
            messages.success(request, "Account disabled. Your offers are hidden until you re-enable the account.")
    elif action == "enable":
        company = moderation.company_enable(actor=actor, company_id=company.pk)
        if company.is_blocked:
            messages.success(
                request, "Account re-enabled. Your offers stay hidden while the platform's admins block the company."
            )
        else:
            messages.success(request, "Account re-enabled. The offers hidden with the account are shown again.")
    else:
        messages.error(request, "Choose whether to disable or re-enable the account.")
    return redirect("dashboard-company")
