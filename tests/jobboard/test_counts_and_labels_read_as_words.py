"""Counts take the right plural ("1 draft", not "1 drafts") and a budget cap's notes field says which cap it is
about in plain words, not "Notes (per week (monday to sunday, utc))"."""

import re

import pytest

pytestmark = pytest.mark.django_db


def words(content: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", content.decode()).split())


def test_the_overview_counts_one_draft_and_one_new_applicant_in_the_singular(staff, owner_objects):
    text = words(staff.get("/dashboard/").content)
    assert "1 draft " in text and "1 drafts" not in text
    assert "1 new applicant " in text and "1 new applicants" not in text
    assert "1 live job " in text and "0 paused jobs" in text
    assert "1 live offer " in text and "1 live offers" not in text


@pytest.mark.parametrize("path", ["/dashboard/budgets/", "/dashboard/jobs/new/"])
def test_budget_notes_fields_name_their_cap_in_plain_words(staff, path):
    content = staff.get(path).content.decode()
    assert "Notes on the weekly cap" in content and "Notes on the daily cap" in content
    assert "Weekly cap" in content and "Monday to Sunday, UTC." in content
    assert "Notes (" not in content and "(monday to sunday, utc)" not in content
