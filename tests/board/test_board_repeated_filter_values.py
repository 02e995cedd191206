"""A filter value repeated a thousand times in the query string is read once: on the embedded SQLite default
(as `bin/dev` serves it), where each value read as one more OR would make SQLite refuse the query ("Expression
tree is too large"), and on PostgreSQL."""

import json

import pytest
from django.http import QueryDict

from jobboard.filters import MAX_VALUES_PER_FILTER, board_params
from offers.models import TECHNOLOGIES
from tests.board.test_board_filter_checkboxes import checkbox
from tests.jobboard.test_sqlite_concurrency import manage, sqlite_env

# As many values as Django reads from one query string (DATA_UPLOAD_MAX_NUMBER_FIELDS; past it, a 400).
REPEATED = "&".join(["technologies=C"] * 1000)

PAGES = """
import json
from django.test import Client
client = Client()
answers = {}
for path in ("/", "/feeds/rss/", "/feeds/atom/"):
    response = client.get(path + "?" + %r)
    answers[path] = [response.status_code, response.content.decode().count('value="C"')]
print(json.dumps(answers))
"""


def test_a_value_repeated_a_thousand_times_serves_the_board_and_feeds_on_sqlite(tmp_path):
    env = sqlite_env(tmp_path / "db.sqlite3")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")

    answers = json.loads(manage(env, "shell", "-c", PAGES % REPEATED))

    assert answers["/"] == [200, 1]  # the board's form ticks the box once
    assert answers["/feeds/rss/"][0] == 200
    assert answers["/feeds/atom/"][0] == 200


@pytest.mark.django_db
def test_a_value_repeated_a_thousand_times_serves_the_board_on_postgresql(client):
    response = client.get("/?" + REPEATED)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="technologies" value="C"') == 1
    assert "checked" in checkbox(page, "technologies", "C")


def test_each_filter_keeps_its_distinct_values_in_order_up_to_the_cap():
    many = "&".join(f"technologies={t}" for t in TECHNOLOGIES[: MAX_VALUES_PER_FILTER + 5])
    params = board_params(QueryDict(f"technologies=Go&technologies=C&technologies=Go&fields=BACKEND&{many}"))

    assert params.getlist("technologies")[:2] == ["Go", "C"]
    assert len(params.getlist("technologies")) == MAX_VALUES_PER_FILTER
    assert params.getlist("fields") == ["BACKEND"]
