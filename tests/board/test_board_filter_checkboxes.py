"""The board's field and technology filters render every choice as a labelled checkbox, ticked when chosen."""

import re

from django.test import Client

from offers.models import FIELDS, TECHNOLOGIES


def checkbox(page: str, name: str, value: str) -> str:
    match = re.search(rf'<input type="checkbox" name="{name}" value="{re.escape(value)}" id="([^"]+)"([^>]*)>', page)
    assert match, (name, value)
    assert f'<label for="{match.group(1)}">' in page
    return match.group(2)


def test_every_field_and_technology_is_a_labelled_checkbox_and_the_chosen_ones_are_ticked(db):
    page = Client().get("/", {"fields": FIELDS[1], "technologies": [TECHNOLOGIES[0], TECHNOLOGIES[-1]]}).content
    page = page.decode()
    assert page.count('type="checkbox" name="fields"') == len(FIELDS)
    assert page.count('type="checkbox" name="technologies"') == len(TECHNOLOGIES)
    assert "checked" in checkbox(page, "fields", FIELDS[1])
    assert "checked" not in checkbox(page, "fields", FIELDS[0])
    assert "checked" in checkbox(page, "technologies", TECHNOLOGIES[-1])
    assert "checked" not in checkbox(page, "technologies", TECHNOLOGIES[1])
