"""What the dashboard's job, application and budget pages share: scoping, paging, money and time in words."""

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from ..forms import BudgetsForm
from ..selectors import JobOffBoard, WindowSpend, jobs_for_company

if TYPE_CHECKING:
    from ..models import JobWithCounts

PAGE_SIZE = 25


def company_job(company, job_id) -> "JobWithCounts":
    return get_object_or_404(jobs_for_company(company=company), pk=job_id)


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def when_text(moment) -> str:
    return f"{moment:%a} {moment.day} {moment:%b, %H:%M} UTC"


def spend_help(form: BudgetsForm, spend: list[WindowSpend]) -> None:
    """Each cap field says what its window has spent already: a cap below that (plus one bid) takes jobs off the
    board as soon as it is saved."""
    for row in spend:
        resets = f"; the window resets {when_text(row.resets_at)}" if row.resets_at else ""
        spent = dollars(row.spent_cents)
        field = form.fields[f"{row.window}_amount"]
        field.help_text = f"{field.help_text} Spent {row.period} so far: {spent}{resets}.".strip()


def back_when(holds: list[JobOffBoard]) -> str:
    """When the jobs come back, in words, if they all come back at once."""
    ends = {hold.until for hold in holds}
    if len(ends) > 1:
        return "; each comes back when its full window resets"
    until = ends.pop()
    return f" until {when_text(until)}" if until else " until a cap is raised or removed"
