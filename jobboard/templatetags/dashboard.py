"""Template filters shared by the dashboard pages."""

import html

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from jobs.choices import (
    ApplicationStatus,
    BudgetWindow,
    JobLevel,
    JobStatus,
    JobType,
    QualificationKind,
    RemoteOption,
    SalaryPeriod,
)
from offers.models import FIELDS, JOB_TYPES, offer_label

register = template.Library()

# Every enum value a page shows, with the label its app defines for it (jobs' TextChoices, offers' offer_label);
# the values are distinct across these enums, so a value alone names its label.
_JOB_ENUMS = (
    JobStatus,
    RemoteOption,
    JobType,
    JobLevel,
    SalaryPeriod,
    QualificationKind,
    BudgetWindow,
    ApplicationStatus,
)
LABELS = {
    **{value: offer_label(value) for value in (*JOB_TYPES, *FIELDS)},
    **{value: label for enum in _JOB_ENUMS for value, label in enum.choices},
}


@register.filter
def cents(value) -> str:
    """Integer cents as dollars: 123456 → "$1,234.56"; None → "—"."""
    if value is None or value == "":
        return "—"
    value = int(value)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value) // 100:,}.{abs(value) % 100:02d}"


@register.simple_tag
def chart_rows(chart) -> str:
    """The body rows of a chart's table (templates/dashboard/_chart.html, from plumbing.day_ranges.chart_table): a
    date header and a cell per figure, money as dollars. Built as one string: template loops, or format_html per
    cell, took 20 to 25 ms for 90 days of six figures."""
    rows = []
    for row in chart["rows"]:
        cells = "".join(
            f"<td>{html.escape(cents(cell['value']) if cell['money'] else str(cell['value']))}</td>"
            for cell in row["cells"]
        )
        rows.append(f'<tr><th scope="row">{row["day"].isoformat()}</th>{cells}</tr>')
    # Every value is escaped above, and the dates are date objects.
    return mark_safe("".join(rows))


@register.filter
def label(value) -> str:
    """An enum value as the words its app defines: "FULL_TIME" → "Full time", "DEVOPS" → "DevOps"; any other code
    (a card brand) capitalized; "—" for none."""
    if not value:
        return "—"
    if value in LABELS:
        return str(LABELS[value])
    return str(value).replace("_", " ").replace("-", " ").capitalize()


@register.simple_tag
def nav_current(url_name: str | None, *prefixes: str) -> str:
    """aria-current for the dashboard navigation: the section whose URL names start with one of `prefixes`."""
    return mark_safe('aria-current="page"') if url_name and url_name.startswith(prefixes) else ""


@register.simple_tag
def checkboxes(field) -> str:
    """A multiple-choice field's checkboxes, as CheckboxSelectMultiple marks them up, built in Python: Django
    renders each option through widget templates, which for the board's 175 options cost more than its queries."""
    selected = {str(value) for value in (field.value() or [])}
    rows = (
        (field.auto_id, index, field.html_name, value, mark_safe(" checked") if str(value) in selected else "", text)
        for index, (value, text) in enumerate(field.field.choices)
    )
    option = '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}> {5}</label>'
    option += "</div>"
    options = format_html_join("", option, rows)
    return format_html('<div id="{}">{}</div>', field.auto_id, options)


@register.filter
def percent(value) -> str:
    """A share as a percentage: 0.1234 → "12.3%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"
