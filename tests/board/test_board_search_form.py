"""The board's search form is rendered once per set of filter values and reused (jobboard.views.board_search_form):
each visit still sees its own values, ticks and errors, and query parameters that are no filter never make a new
copy of the form."""

import pytest
from django.test import Client

from jobboard.views import board_search_form
from offers.models import FIELDS

from .test_board_filter_checkboxes import checkbox

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_forms_rendered_yet():
    board_search_form.cache_clear()


def page(**params) -> str:
    response = Client().get("/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_each_visit_sees_its_own_search_words_ticks_and_errors_in_the_form():
    assert 'value="python"' in page(q="python")
    assert 'value="rust"' in page(q="rust") and 'value="python"' not in page(q="rust")
    assert "checked" in checkbox(page(fields=FIELDS[2]), "fields", FIELDS[2])
    assert "checked" not in checkbox(page(), "fields", FIELDS[2])
    assert 'class="errorlist"' in page(salary_min="lots")
    assert 'class="errorlist"' not in page(salary_min="50000")


def test_the_filters_panel_opens_and_offers_to_clear_only_when_a_filter_is_used():
    assert "Clear all" in page(kind="job") and "Clear all" not in page()


def test_a_page_cursor_or_a_tracking_parameter_reuses_the_form_of_the_same_filters():
    page(q="python")
    page(q="python", utm_source="newsletter")
    page(q="python", after="not-a-cursor")
    assert board_search_form.cache_info().currsize == 1
    for n in range(20):
        page(utm_campaign=f"c{n}")
    assert board_search_form.cache_info().currsize == 2
