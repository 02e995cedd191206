"""Serializes the structured data the job and offer pages build (jobs/ and offers/structured_data.py)."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Inside <script> the HTML parser ends the element at the first "</script" and treats "<!--" specially, whatever
# the JSON means. Escaping <, > and & as JSON \u escapes (which parse to the same string) leaves a title or a
# description no way to close the tag; "</" never appears, and neither does any other markup.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@register.simple_tag
def json_ld(data: dict) -> str:
    """A <script type="application/ld+json"> element holding `data`."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
