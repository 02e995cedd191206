"""The board's card line, built in Python: the template engine resolving a dozen variables and filters per card
cost the board more than its queries (bin/bench)."""

from django import template
from django.template.defaultfilters import title

from jobboard.board import Posting
from jobboard.templatetags.dashboard import label

register = template.Library()


@register.filter
def card_facts(posting: Posting) -> str:
    """Where, what kind of work and pay (jobs) or fields (offers): "Hybrid: Austin, Texas, United States · Full
    time · 100000–150000 USD a year"."""
    item = posting.item
    if not posting.is_job:
        facts = [item.location, label(item.job_type)]
        return " · ".join(facts + [title(", ".join(item.fields))] if item.fields else facts)
    if item.remote_option == "REMOTE":
        where = "Remote" + (f" ({item.remote_country})" if item.remote_country else "")
    else:
        places = "; ".join(link.location.display_name for link in item.job_locations.all())
        where = label(item.remote_option) + (f": {places}" if places else "")
    facts = [where, label(item.job_type)]
    if item.salary_min is not None:
        period = "an hour" if item.salary_period == "HOURLY" else "a year"
        facts.append(f"{item.salary_min}–{item.salary_max} USD {period}")
    return " · ".join(facts)
