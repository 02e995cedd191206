"""A job's description follows the offers' rule (plumbing/posting_html.py): basic HTML through one nh3 policy, plain
text keeping its paragraphs and line breaks, on the page, in JSON-LD and in feeds; the partner API stores and returns
the text as given; the dashboard form says what formatting works."""

from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import offer_body
from tests.page_parsing import json_ld

pytestmark = pytest.mark.django_db


def description_block(content: str) -> str:
    start = content.index('<div class="posting-description">')
    return content[start : content.index("</section>", start)]


def test_bold_markup_in_a_job_description_shows_bold_not_as_literal_tags(client, create_job):
    job = create_job(publish=True, description="We ship <b>every day</b> & sleep well.")
    block = description_block(client.get(f"/jobs/{job['id']}").content.decode())
    assert "<b>every day</b>" in block and "&lt;b&gt;" not in block
    assert "&amp; sleep well." in block


def test_a_job_description_loses_scripts_images_and_url_loading_attributes(client, create_job):
    description = '<p onclick="x()">Hi</p><img src="/dashboard/applications/1/"><script>alert(1)</script>'
    job = create_job(publish=True, description=description)
    block = description_block(client.get(f"/jobs/{job['id']}").content.decode())
    assert "<p>Hi</p>" in block
    for gone in ("<img", "/dashboard/applications/", "alert(1)", "onclick", "&lt;script"):
        assert gone not in block, gone


def test_a_plain_text_job_description_keeps_its_paragraphs_and_line_breaks(client, create_job):
    job = create_job(publish=True, description="First line.\nSecond line.\n\nNew paragraph, x < y.")
    block = description_block(client.get(f"/jobs/{job['id']}").content.decode())
    assert "<p>First line.<br>Second line.</p>" in block
    assert "<p>New paragraph, x &lt; y.</p>" in block


def test_a_plain_text_offer_description_keeps_its_paragraphs_like_a_job(client, owner_company):
    body = offer_body(description="Line one.\nLine two.\n\nAnother paragraph.")
    body.pop("publishDate")  # starts now
    offer = offer_create(actor=GOD, body={**body, "owner": owner_company.pk}, now=timezone.now())
    block = description_block(client.get(f"/offers/{offer.pk}").content.decode())
    assert "<p>Line one.<br>Line two.</p>" in block and "<p>Another paragraph.</p>" in block


def test_the_partner_api_returns_a_job_description_exactly_as_it_was_sent(owner_api, create_job):
    description = "Hi <b>there</b>\n<img src=x>\n\n& more"
    job = create_job(description=description)
    assert job["description"] == description
    assert owner_api.get(f"/jobs/{job['id']}").json()["description"] == description


def test_job_json_ld_description_is_the_pages_sanitized_html(client, create_job):
    job = create_job(publish=True, description="Ship <b>fast</b><img src=x>\n\nRest.")
    posting = json_ld(client.get(f"/jobs/{job['id']}").content)
    assert posting["description"] == "<p>Ship <b>fast</b></p>\n\n<p>Rest.</p>"


def test_a_job_description_in_the_feed_reads_as_its_words_without_tags(create_job):
    create_job(title="Web Engineer", publish=True, description="Know <b>Django</b> <script>alert(1)</script>& CSS")
    channel = ElementTree.fromstring(Client().get("/feeds/rss/").content).find("channel")
    items = {item.findtext("title"): item.findtext("description") for item in channel.iterfind("item")}
    description = items["Web Engineer at Owner Co"]
    assert "<p>Know Django &amp; CSS</p>" in description
    assert "alert" not in description and "&lt;b&gt;" not in description


def test_the_dashboard_job_form_says_what_formatting_a_description_accepts(staff):
    content = staff.get("/dashboard/jobs/new/").content.decode()
    field = content[content.index('id="field-description"') :]
    field = field[: field.index("</div>")]
    assert "blank line between paragraphs" in field and "&lt;b&gt;" in field and "images" in field
