"""Every board filter, alone and combined, on jobs and offers: a search is a link to share."""

import re

import pytest

from tests.board.conftest import board_titles


@pytest.fixture
def postings(create_job, owner_company, second_company, offer_of, locations):
    from jobs.models import Location

    denver = Location.objects.filter(city="Denver", country="United States").order_by("-population").first()
    create_job(title="Rust Platform Engineer", publish=True)  # hybrid, Austin, full time, 100k–150k annual
    create_job(
        title="Remote Support Agent",
        remoteOption="REMOTE",
        remoteCountry="Canada",
        locations=[],
        jobType="PART_TIME",
        salaryMin=20,
        salaryMax=30,
        salaryPeriod="HOURLY",
        description="Help customers over chat.",
        publish=True,
    )
    create_job(
        title="Warehouse Lead",
        remoteOption="IN_PERSON",
        locations=[{"locationId": denver.pk}],
        jobType="CONTRACT",
        salaryMin=50000,
        salaryMax=60000,
        publish=True,
    )
    offer_of(
        second_company,
        title="Python Summer Intern",
        jobType="SUMMER INTERNSHIP",
        fields=["BACKEND"],
        technologies=["Python", "Django"],
        location="Porto, Portugal",
    )
    offer_of(
        second_company,
        title="Frontend Developer",
        jobType="FULL-TIME",
        fields=["FRONTEND"],
        technologies=["React"],
        location="Remote",
        description="<p>Build <b>Rust</b> tooling for the web.</p>",
    )
    offer_of(
        second_company,
        title="AI Research Grant",
        jobType="RESEARCH GRANT",
        fields=["RESEARCH"],
        technologies=["PyTorch"],
        location="Braga, Portugal",
    )


ALL = {
    "Rust Platform Engineer",
    "Remote Support Agent",
    "Warehouse Lead",
    "Python Summer Intern",
    "Frontend Developer",
    "AI Research Grant",
}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ALL),
        ({"kind": "job"}, {"Rust Platform Engineer", "Remote Support Agent", "Warehouse Lead"}),
        ({"kind": "offer"}, {"Python Summer Intern", "Frontend Developer", "AI Research Grant"}),
        ({"workplace": "remote"}, {"Remote Support Agent", "Frontend Developer"}),
        ({"workplace": "hybrid"}, {"Rust Platform Engineer"}),
        ({"workplace": "onsite"}, {"Warehouse Lead", "Python Summer Intern", "AI Research Grant"}),
        ({"location": "denver"}, {"Warehouse Lead"}),
        ({"location": "Texas"}, {"Rust Platform Engineer"}),
        ({"location": "canada"}, {"Remote Support Agent"}),
        ({"location": "portugal"}, {"Python Summer Intern", "AI Research Grant"}),
        ({"type": "full_time"}, {"Rust Platform Engineer", "Frontend Developer"}),
        ({"type": "part_time"}, {"Remote Support Agent"}),
        ({"type": "contract"}, {"Warehouse Lead"}),
        ({"type": "internship"}, {"Python Summer Intern"}),
        ({"type": "research_grant"}, {"AI Research Grant"}),
        ({"fields": ["BACKEND", "RESEARCH"]}, {"Python Summer Intern", "AI Research Grant"}),
        ({"technologies": ["React"]}, {"Frontend Developer"}),
        ({"salary_min": "120000"}, {"Rust Platform Engineer"}),
        ({"salary_min": "55000"}, {"Rust Platform Engineer", "Remote Support Agent", "Warehouse Lead"}),
        ({"q": "rust"}, {"Rust Platform Engineer", "Frontend Developer"}),
        ({"q": "second labs"}, {"Python Summer Intern", "Frontend Developer", "AI Research Grant"}),
        ({"q": "django"}, {"Python Summer Intern"}),
        ({"q": "customers chat"}, {"Remote Support Agent"}),
        ({"q": "rust", "kind": "job"}, {"Rust Platform Engineer"}),
        ({"workplace": "remote", "kind": "offer"}, {"Frontend Developer"}),
        ({"type": "full_time", "location": "austin", "salary_min": "90000"}, {"Rust Platform Engineer"}),
        ({"q": "python", "fields": ["BACKEND"], "location": "porto"}, {"Python Summer Intern"}),
        ({"technologies": ["React"], "workplace": "onsite"}, set()),
    ],
)
def test_each_filter_and_combination_shows_exactly_the_matching_postings(postings, params, expected):
    assert set(board_titles(**params)) == expected


def test_posted_within_keeps_only_recent_postings(postings, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    assert set(board_titles(posted_within="1")) == ALL
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert board_titles(posted_within="1") == []
    assert set(board_titles(posted_within="3")) == ALL


def test_a_title_match_ranks_above_a_description_match(postings):
    assert board_titles(q="rust") == ["Rust Platform Engineer", "Frontend Developer"]


def test_no_results_says_so_and_offers_to_clear_the_filters(postings):
    from django.test import Client

    page = Client().get("/", {"q": "astronaut"}).content.decode()
    assert "No postings match this search." in page and 'href="/">clear all filters</a>' in page


@pytest.mark.parametrize(
    "params",
    [
        {"type": "astronaut"},
        {"salary_min": "lots"},
        {"salary_min": "1e999"},
        {"posted_within": "9999999999"},
        {"q": "a\x00b"},
        {"location": "x" * 5000},
        {"fields": ["NOT A FIELD"]},
        {"q": "'\"():*&|!<->"},
    ],
)
def test_strange_filter_values_never_fail_the_page(postings, params):
    from django.test import Client

    assert Client().get("/", params).status_code == 200


def test_the_demo_fills_the_board_with_thirty_postings_of_both_kinds(locations):
    from django.core.management import call_command
    from django.test import Client

    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))
    page = Client().get("/", {"kind": "job"}).content.decode()
    jobs = int(re.search(r"(\d+) postings? match", page).group(1))
    page = Client().get("/", {"kind": "offer"}).content.decode()
    offers = int(re.search(r"(\d+) postings? match", page).group(1))
    assert jobs >= 10 and offers >= 10 and jobs + offers >= 30


def test_a_search_keeps_its_ranking_when_another_filter_is_invalid(postings):
    assert board_titles(q="rust", salary_min="abc") == ["Rust Platform Engineer", "Frontend Developer"]


def test_a_zero_minimum_salary_filters_nothing(postings):
    assert set(board_titles(salary_min="0")) == ALL
