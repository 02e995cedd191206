"""Where a company can write to the platform's people (settings.SUPPORT_EMAIL), as a link."""

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def support_email_link() -> str:
    return format_html('<a href="mailto:{0}">{0}</a>', settings.SUPPORT_EMAIL)
