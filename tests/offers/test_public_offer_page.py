"""The public offer page /offers/<id>: what a candidate reads, how they apply, its JobPosting JSON-LD and
link-preview tags, and what it shows (nothing) once the offer is not publicly visible."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from offers.actors import GOD
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_archive, offer_disable, offer_hide
from plumbing.times import iso_z
from tests.page_parsing import json_ld, read_head

pytestmark = pytest.mark.django_db

SECRET = "Ship the telemetry pipeline"
LOGO = "https://labs.example/logo.png"


@pytest.fixture
def live_offer(make_offer):
    return make_offer(description=f"<p>{SECRET} with us.</p>")


def test_a_visible_offer_shows_every_fact_and_its_sanitized_description(client, make_offer, company):
    offer = make_offer(
        description="<p>Work on <b>APIs</b>.</p>",
        jobStartDate=iso_z(timezone.now() + timedelta(days=90)),
        isPaid=True,
        vacancies=3,
        requirements=["Curiosity", "Git"],
        contacts=["jobs@labs.example", "+351 912 345 678"],
    )
    response = client.get(f"/offers/{offer.pk}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Backend Intern" in content and f'href="/companies/{company.slug}"' in content
    assert "Porto, Portugal" in content and "Summer internship" in content
    assert "Backend" in content and "Python, Django" in content
    assert "3–6 months" in content
    assert "Starts" in content and offer.job_start_date.strftime("%Y-%m-%d") in content
    assert "<dt>Paid</dt><dd>Yes</dd>" in content and "<dt>Vacancies</dt><dd>3</dd>" in content
    assert offer.publish_end_date.strftime("%Y") in content and "Apply before" in content
    assert "<li>Curiosity</li>" in content and "<li>Git</li>" in content
    assert 'href="mailto:jobs@labs.example"' in content and "+351 912 345 678" in content
    assert "<p>Work on <b>APIs</b>.</p>" in content
    assert "{#" not in content and "{%" not in content


def test_only_the_description_is_rendered_as_html(client, make_offer):
    offer = make_offer(title="<i>Intern</i>", requirements=["<b>Bold</b>"], location="<u>Porto</u>, Portugal")
    content = client.get(f"/offers/{offer.pk}").content.decode()
    assert "<i>Intern</i>" not in content and "<b>Bold</b>" not in content and "<u>Porto</u>" not in content
    assert "&lt;i&gt;Intern&lt;/i&gt;" in content and "&lt;b&gt;Bold&lt;/b&gt;" in content


def test_an_http_apply_url_is_a_nofollow_noopener_link_through_the_counting_apply_link(client, live_offer):
    content = client.get(f"/offers/{live_offer.pk}").content.decode()
    assert (
        f'<a class="button" href="/offers/{live_offer.pk}/apply" rel="nofollow noopener">Apply at labs.example</a>'
        in content
    )


def test_a_mailto_apply_url_is_an_email_link(client, make_offer):
    offer = make_offer(applyURL="mailto:apply@labs.example")
    content = client.get(f"/offers/{offer.pk}").content.decode()
    assert 'href="mailto:apply@labs.example"' in content and "Apply by email" in content


def test_without_an_apply_url_the_contacts_are_the_way_to_apply(client, make_offer):
    offer = make_offer(applyURL=..., contacts=["hr@labs.example"])
    content = client.get(f"/offers/{offer.pk}").content.decode()
    assert "To apply, write to the contacts below." in content
    assert 'href="mailto:hr@labs.example"' in content
    assert 'rel="nofollow noopener"' not in content


def test_json_ld_of_an_offer_has_the_required_and_recommended_properties(client, make_offer, company):
    company.logo_url = LOGO
    company.save()
    offer = make_offer(vacancies=2)
    posting = json_ld(client.get(f"/offers/{offer.pk}").content)
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Backend Intern"
    assert posting["description"] == "<p>Work on <b>APIs</b>.</p>"
    assert posting["datePosted"] == offer.publish_date.isoformat()
    assert posting["validThrough"] == offer.publish_end_date.isoformat()
    assert posting["employmentType"] == "INTERN"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Owner Labs",
        "sameAs": f"http://testserver/companies/{company.slug}",
        "logo": LOGO,
    }
    assert posting["jobLocation"] == [
        {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": "Porto", "addressCountry": "Portugal"},
        }
    ]
    assert "jobLocationType" not in posting
    assert posting["directApply"] is False
    assert posting["identifier"]["value"] == str(offer.pk)
    assert posting["totalJobOpenings"] == 2
    assert posting["url"] == f"http://testserver/offers/{offer.pk}"


@pytest.mark.parametrize(
    "location, expected",
    [
        (
            "Lisbon, Lisbon District, Portugal",
            {
                "jobLocation": [
                    {
                        "@type": "Place",
                        "address": {
                            "@type": "PostalAddress",
                            "addressLocality": "Lisbon",
                            "addressRegion": "Lisbon District",
                            "addressCountry": "Portugal",
                        },
                    }
                ]
            },
        ),
        ("Remote", {"jobLocationType": "TELECOMMUTE"}),
        (
            "Remote, Portugal",
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "Country", "name": "Portugal"},
            },
        ),
    ],
)
def test_json_ld_reads_the_free_text_location(client, make_offer, location, expected):
    offer = make_offer(location=location)
    posting = json_ld(client.get(f"/offers/{offer.pk}").content)
    keys = ("jobLocation", "jobLocationType", "applicantLocationRequirements")
    assert {key: posting[key] for key in keys if key in posting} == expected


@pytest.mark.parametrize(
    "job_type, employment_type",
    [
        ("FULL-TIME", "FULL_TIME"),
        ("PART-TIME", "PART_TIME"),
        ("CURRICULAR INTERNSHIP", "INTERN"),
        ("RESEARCH GRANT", "OTHER"),
        ("OTHER", "OTHER"),
    ],
)
def test_json_ld_employment_type_follows_the_job_type(client, make_offer, job_type, employment_type):
    offer = make_offer(jobType=job_type)
    assert json_ld(client.get(f"/offers/{offer.pk}").content)["employmentType"] == employment_type


def test_a_title_cannot_close_the_json_ld_script(client, make_offer):
    title = "</script><!--<script>alert(1)</script>"
    offer = make_offer(title=title)
    content = client.get(f"/offers/{offer.pk}").content
    assert b"<script>alert(1)" not in content
    # No "<" at all inside the block: neither "</script" nor "<!--<script" can change where it ends.
    assert "<" not in read_head(content).json_ld[0]
    assert json_ld(content)["title"] == title


def test_canonical_link_open_graph_and_meta_description(client, make_offer, company):
    company.logo_url = LOGO
    company.save()
    offer = make_offer(description="<p>Build &amp; ship <b>APIs</b>.</p><p>" + "word " * 100 + "</p>")
    head = read_head(client.get(f"/offers/{offer.pk}").content)
    url = f"http://testserver/offers/{offer.pk}"
    assert head.links["canonical"] == url and head.meta["og:url"] == url
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Backend Intern at Owner Labs"
    assert head.meta["og:image"] == LOGO
    description = head.meta["og:description"]
    assert description.startswith("Build & ship APIs. word word") and len(description) <= 200
    assert "<" not in description
    assert head.meta["description"] == description


def _assert_shows_nothing(response, status):
    content = response.content.decode()
    assert response.status_code == status
    assert SECRET not in content
    assert "labs.example/apply" not in content and "<form" not in content and "application/ld+json" not in content


def _scheduled(make_offer, company):
    return make_offer(description=f"<p>{SECRET} with us.</p>", publishDate=iso_z(timezone.now() + timedelta(days=3)))


def _hidden(make_offer, company):
    offer = make_offer(description=f"<p>{SECRET} with us.</p>")
    return offer_hide(actor=GOD, offer_id=offer.pk)


def _archived(make_offer, company):
    offer = make_offer(description=f"<p>{SECRET} with us.</p>")
    return offer_archive(actor=GOD, offer_id=offer.pk)


def _admin_blocked(make_offer, company):
    offer = make_offer(description=f"<p>{SECRET} with us.</p>")
    return offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Misleading")


def _company_blocked(make_offer, company):
    offer = make_offer(description=f"<p>{SECRET} with us.</p>")
    company_block(actor=GOD, company_id=company.pk, admin_reason="Spam")
    return offer


def _company_disabled(make_offer, company):
    offer = make_offer(description=f"<p>{SECRET} with us.</p>")
    company_disable(actor=GOD, company_id=company.pk)
    return offer


@pytest.mark.parametrize(
    "make_hidden",
    [_scheduled, _hidden, _admin_blocked, _company_blocked, _company_disabled],
    ids=["scheduled", "hidden", "admin-blocked", "company-blocked", "company-disabled"],
)
def test_an_offer_that_may_come_back_is_404_with_none_of_its_content(client, make_offer, company, make_hidden):
    offer = make_hidden(make_offer, company)
    response = client.get(f"/offers/{offer.pk}")
    _assert_shows_nothing(response, 404)
    assert "Backend Intern" not in response.content.decode()


def test_an_ended_offer_answers_410_no_longer_accepting_applications(client, live_offer):
    with time_machine.travel(live_offer.publish_end_date):
        response = client.get(f"/offers/{live_offer.pk}")
    _assert_shows_nothing(response, 410)
    assert "no longer accepting applications" in response.content.decode()


def test_an_archived_offer_answers_410_with_none_of_its_content(client, make_offer, company):
    offer = _archived(make_offer, company)
    response = client.get(f"/offers/{offer.pk}")
    _assert_shows_nothing(response, 410)
    assert "Backend Intern" not in response.content.decode()


@pytest.mark.parametrize(
    "make_hidden, status",
    [(_hidden, 410), (_archived, 410), (_company_blocked, 404)],
    ids=["hidden", "archived", "company-blocked"],
)
def test_an_ended_offer_is_410_unless_its_company_is_down(client, make_offer, company, make_hidden, status):
    offer = make_hidden(make_offer, company)
    with time_machine.travel(offer.publish_end_date + timedelta(days=1)):
        response = client.get(f"/offers/{offer.pk}")
    _assert_shows_nothing(response, status)
    assert "Backend Intern" not in response.content.decode()


@pytest.mark.parametrize("offer_id", ["0", "-1", "abc", "1.5", "99999999", "9" * 30])
def test_unknown_and_malformed_offer_ids_are_404(client, offer_id):
    assert client.get(f"/offers/{offer_id}").status_code == 404
