"""What the offers dashboard tests share: a filled-in offer form and a look at one field's block of the page."""

import html
import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone


def local(value: datetime) -> str:
    """A datetime as a datetime-local input sends it (UTC, to the minute)."""
    return value.astimezone(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M")


def offer_form(**overrides) -> dict:
    """What a person submits on the new-offer page for a valid offer; None removes a field."""
    now = timezone.now()
    data = {
        "title": "Data intern",
        "publish_date": "",
        "publish_end_date": local(now + timedelta(days=60)),
        "job_min_duration": "3",
        "job_max_duration": "6",
        "job_start_date": "",
        "description": "<p>Work on <b>data pipelines</b>.</p>",
        "contacts": "jobs@owner.example\r\n+351 210 000 000",
        "requirements": "Curiosity\r\nSome SQL",
        "is_paid": "yes",
        "vacancies": "2",
        "job_type": "SUMMER INTERNSHIP",
        "job_fields": ["BACKEND", "DATA SCIENCE"],
        "technologies": ["Python", "SQL"],
        "location": "Porto, Portugal",
        "apply_url": "https://owner.example/apply",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def field_block(html: str, name: str) -> str:
    """The part of the page from one field's container to the next field's: where its label and errors sit."""
    match = re.search(rf'id="field-{re.escape(name)}".*?(?=id="field-|</form>)', html, re.S)
    assert match, f"no field {name} on the page"
    return match.group(0)


def row_of(html: str, title: str) -> str:
    """The table row of the offers list that links the offer with this title."""
    for row in re.findall(r"<tr>.*?</tr>", html, re.S):
        if f">{title}</a>" in row:
            return row
    raise AssertionError(f"no row for {title}")


def text(response) -> str:
    """The page as a person reads it: entities unescaped (messages escape apostrophes)."""
    return html.unescape(response.content.decode())
