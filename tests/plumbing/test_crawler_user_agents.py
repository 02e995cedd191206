"""A User-Agent is a crawler's exactly when a pattern of the crawler-user-agents list matches it: every example the
list gives for its patterns is recognised, and the browsers people use are not."""

import re

import pytest
from crawleruseragents import CRAWLER_USER_AGENTS_DATA

from plumbing.counting import is_crawler

EXAMPLES = [(entry["pattern"], example) for entry in CRAWLER_USER_AGENTS_DATA for example in entry.get("instances", [])]
BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 "
    "Edg/131.0.2903.86",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile "
    "Safari/537.36",
]


def test_the_list_gives_examples_of_most_of_its_patterns():
    assert len(EXAMPLES) > 1000


def test_every_example_of_the_list_is_a_crawler():
    missed = [example for _, example in EXAMPLES if not is_crawler(example)]

    assert missed == []


@pytest.mark.parametrize("browser", BROWSERS)
def test_the_browsers_people_use_are_not_crawlers(browser):
    assert not is_crawler(browser)


def test_a_user_agent_matched_by_no_pattern_is_not_a_crawler_even_when_very_long():
    long_browser = BROWSERS[0] + " x" * 2000

    assert not any(re.search(pattern, long_browser) for pattern, _ in EXAMPLES)
    assert not is_crawler(long_browser)
    assert is_crawler(long_browser + " Googlebot/2.1")


def test_an_empty_user_agent_is_not_a_crawler():
    assert not is_crawler("")
