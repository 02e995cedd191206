"""Sizes on the partner API: a body over 1 MiB is 413 PAYLOAD_TOO_LARGE before it is read or parsed, a body nested
too deeply is 422, and every text and list of a job has a bound that answers 422 naming the field."""

import json

import pytest

from jobs.forms import JobForm
from jobs.models import Job
from jobs.validators import ITEM_TEXT_MAX, MAX_ITEMS, OPTION_MAX, TEXT_MAX
from plumbing.api_input import MAX_BODY_BYTES, BodyTooLarge, BoundedJSONParser
from plumbing.input_rules import INPUT_MAX_DEPTH

TWENTY_MB = 20 * 1024 * 1024


def padded(body: dict, size: int) -> str:
    """The body as JSON of exactly `size` bytes, filled out with a key the API ignores."""
    empty = json.dumps({**body, "padding": ""})
    return json.dumps({**body, "padding": "a" * (size - len(empty))})


def error(response) -> dict:
    return json.loads(response.content)["error"]


def test_a_20_mb_body_is_413_payload_too_large_and_creates_nothing(owner_api):
    # Not JSON at all: a body that were parsed would be a 422, so the 413 shows it was refused unread.
    response = owner_api.post("/jobs", raw="x" * TWENTY_MB)

    assert response.status_code == 413
    assert error(response)["code"] == "PAYLOAD_TOO_LARGE"
    assert not Job.objects.exists()


def test_a_20_mb_patch_is_413_and_changes_nothing(owner_api, create_job):
    job = create_job()
    response = owner_api.patch(f"/jobs/{job['id']}", raw=padded({"title": "Changed"}, TWENTY_MB))

    assert response.status_code == 413
    assert error(response)["code"] == "PAYLOAD_TOO_LARGE"
    assert owner_api.get(f"/jobs/{job['id']}").json()["title"] == job["title"]


def test_a_body_of_exactly_1_mib_is_read_and_one_byte_more_is_413(owner_api):
    assert MAX_BODY_BYTES == 1024 * 1024
    at_limit = owner_api.post("/jobs", raw=padded({"title": "At the limit"}, MAX_BODY_BYTES))
    over = owner_api.post("/jobs", raw=padded({"title": "Over the limit"}, MAX_BODY_BYTES + 1))

    assert at_limit.status_code == 201
    assert over.status_code == 413
    assert list(Job.objects.values_list("title", flat=True)) == ["At the limit"]


def test_a_20_mb_body_without_a_key_is_401_unread(anonymous_api):
    assert anonymous_api.post("/jobs", raw="x" * TWENTY_MB).status_code == 401


def test_a_content_length_smaller_than_the_body_reads_only_what_it_declares(owner_api):
    response = owner_api.client.post(
        "/api/external/v1/jobs",
        data=padded({"title": "Liar"}, 2 * MAX_BODY_BYTES),
        content_type="application/json",
        CONTENT_LENGTH="20",
        HTTP_AUTHORIZATION=f"Bearer {owner_api.raw_key}",
    )
    assert response.status_code == 422
    assert error(response)["fields"] == {"body": "Malformed JSON."}


class EndlessStream:
    """A body with no end and no declared length, as a chunked upload could hand it over."""

    def __init__(self):
        self.bytes_read = 0

    def read(self, size=-1):
        assert size >= 0, "an unbounded read of an endless body"
        self.bytes_read += size
        return b" " * size


def test_the_parser_reads_at_most_one_byte_past_the_limit_whatever_the_length_says():
    stream = EndlessStream()
    with pytest.raises(BodyTooLarge):
        BoundedJSONParser().parse(stream, "application/json", {})
    assert stream.bytes_read == MAX_BODY_BYTES + 1


@pytest.mark.parametrize("depth", [INPUT_MAX_DEPTH + 1, 100_000], ids=["just-too-deep", "recursion-deep"])
def test_a_body_nested_too_deeply_is_422_naming_the_body(owner_api, depth):
    response = owner_api.post("/jobs", raw="[" * depth + "]" * depth)

    assert response.status_code == 422
    assert error(response)["code"] == "VALIDATION_FAILED"
    assert error(response)["fields"] == {"body": f"Nested more than {INPUT_MAX_DEPTH} levels deep."}


def test_a_body_nested_to_the_limit_is_read(owner_api):
    nested = {"title": "Deep but fine", "extra": json.loads("[" * (INPUT_MAX_DEPTH - 1) + "]" * (INPUT_MAX_DEPTH - 1))}
    assert owner_api.post("/jobs", nested).status_code == 201


def question(**overrides) -> dict:
    return {"prompt": "Start date?", "options": ["Now"], **overrides}


OVER_BOUNDS = {
    "title": ({"title": "t" * (TEXT_MAX["title"] + 1)}, "title"),
    "description": ({"description": "<p>" + "d" * TEXT_MAX["description"] + "</p>"}, "description"),
    "locations": ({"locations": [{"locationId": 1}] * (MAX_ITEMS + 1)}, "locations"),
    "qualifications": ({"qualifications": [{"text": f"Q{i}"} for i in range(MAX_ITEMS + 1)]}, "qualifications"),
    "qualification-text": ({"qualifications": [{"text": "q" * (ITEM_TEXT_MAX + 1)}]}, "qualifications[0].text"),
    "questions": ({"questions": [question(prompt=f"P{i}") for i in range(MAX_ITEMS + 1)]}, "questions"),
    "question-prompt": ({"questions": [question(prompt="p" * (ITEM_TEXT_MAX + 1))]}, "questions[0].prompt"),
    "options": ({"questions": [question(options=[f"O{i}" for i in range(MAX_ITEMS + 1)])]}, "questions[0].options"),
    "option-text": ({"questions": [question(options=["o" * (OPTION_MAX + 1)])]}, "questions[0].options[0]"),
    "budgets": ({"budgets": [{"window": "DAILY", "budgetCents": 1}] * 5}, "budgets"),
    "budget-notes": (
        {"budgets": [{"window": "DAILY", "budgetCents": 1, "notes": "n" * (ITEM_TEXT_MAX + 1)}]},
        "budgets[0].notes",
    ),
}


@pytest.mark.parametrize("case", list(OVER_BOUNDS))
def test_text_and_lists_over_their_bounds_are_422_naming_the_field(owner_api, complete_job_body, case):
    overrides, field = OVER_BOUNDS[case]

    response = owner_api.post("/jobs", {**complete_job_body, **overrides})

    assert response.status_code == 422, response.content
    assert field in error(response)["fields"], error(response)
    assert not Job.objects.exists()


def test_the_dashboard_form_refuses_a_description_over_the_same_bound():
    form = JobForm(
        data={"title": "Too long", "description": "d" * (TEXT_MAX["description"] + 1)},
        countries=[],
        location_choices=[],
    )
    assert not form.is_valid()
    assert list(form.errors) == ["description"]
