"""Template filters shared by the dashboard pages."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def cents(value) -> str:
    """Integer cents as dollars: 123456 → "$1,234.56"; None → "—"."""
    if value is None or value == "":
        return "—"
    value = int(value)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value) // 100:,}.{abs(value) % 100:02d}"


@register.filter
def label(value) -> str:
    """An enum value as words: "FULL_TIME" → "Full time", "SUMMER INTERNSHIP" → "Summer internship"."""
    if not value:
        return "—"
    return str(value).replace("_", " ").replace("-", " ").capitalize()


@register.simple_tag
def nav_current(url_name: str | None, *prefixes: str) -> str:
    """aria-current for the dashboard navigation: the section whose URL names start with one of `prefixes`."""
    return mark_safe('aria-current="page"') if url_name and url_name.startswith(prefixes) else ""
