"""The public job page /jobs/<id>: what a candidate reads, its JobPosting JSON-LD and link-preview tags, and
what it shows (nothing) once the job is not publicly visible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.services import company_set_blocked, company_set_disabled
from jobs.models import Application, Job, Location
from jobs.services import budgets as services
from tests.page_parsing import json_ld, read_head

pytestmark = pytest.mark.django_db

DESCRIPTION = "Design the billing pipeline.\nOwn the ledger."
LOGO = "https://owner.example/logo.png"


@pytest.fixture
def live_job(create_job):
    return create_job(publish=True, description=DESCRIPTION)


def _apply_form_of(job_id) -> str:
    return f'href="/jobs/{job_id}/apply"'


def test_a_visible_job_shows_its_facts_description_qualifications_and_apply_button(client, live_job, owner_company):
    response = client.get(f"/jobs/{live_job['id']}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Backend Engineer" in content
    assert f'href="/companies/{owner_company.slug}"' in content and "Owner Co" in content
    assert "Hybrid" in content and "Austin, Texas, United States" in content
    assert "Full time" in content and "Mid level" in content
    assert "$100,000–$150,000 per year" in content
    assert "Apply before" in content and "Posted" in content
    assert "<p>Design the billing pipeline.<br>Own the ledger.</p>" in content
    assert "Required" in content and "Python" in content and "Preferred" in content and "Go" in content
    assert _apply_form_of(live_job["id"]) in content
    assert "{#" not in content and "{%" not in content


def test_json_ld_of_a_remote_job_has_telecommute_and_the_applicant_country(client, create_job, owner_company):
    owner_company.logo_url = LOGO
    owner_company.save()
    job = create_job(publish=True, remoteOption="REMOTE", remoteCountry="Canada", locations=[], jobType="CONTRACT")
    posting = json_ld(client.get(f"/jobs/{job['id']}").content)
    stored = Job.objects.get(pk=job["id"])
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Backend Engineer"
    assert posting["description"] == "<p>Build APIs.</p>"
    assert posting["datePosted"] == stored.published_at.isoformat()
    assert posting["validThrough"] == stored.expires_at.isoformat()
    assert posting["employmentType"] == "CONTRACTOR"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Owner Co",
        "sameAs": f"http://testserver/companies/{owner_company.slug}",
        "logo": LOGO,
    }
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "Canada"}
    assert "jobLocation" not in posting
    assert posting["directApply"] is True
    assert posting["identifier"]["value"] == job["id"]
    assert posting["url"] == f"http://testserver/jobs/{job['id']}"


def test_json_ld_of_an_on_site_job_has_postal_addresses_and_base_salary(client, create_job, austin):
    seattle = Location.objects.get(city="Seattle", state_code="WA")
    job = create_job(
        publish=True,
        remoteOption="IN_PERSON",
        locations=[{"locationId": austin.pk}, {"locationId": seattle.pk}],
        salaryMin=40,
        salaryMax=65,
        salaryPeriod="HOURLY",
        jobType="PART_TIME",
    )
    posting = json_ld(client.get(f"/jobs/{job['id']}").content)
    assert posting["jobLocation"] == [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Austin",
                "addressRegion": "TX",
                "addressCountry": "US",
            },
        },
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Seattle",
                "addressRegion": "WA",
                "addressCountry": "US",
            },
        },
    ]
    assert "jobLocationType" not in posting and "applicantLocationRequirements" not in posting
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 40, "maxValue": 65, "unitText": "HOUR"},
    }
    assert posting["employmentType"] == "PART_TIME"
    for required in ("title", "description", "datePosted", "validThrough", "hiringOrganization"):
        assert posting[required]
    assert "logo" not in posting["hiringOrganization"]


def test_an_annual_salary_reads_per_year_and_internships_as_intern(client, create_job):
    job = create_job(publish=True, jobType="INTERNSHIP")
    posting = json_ld(client.get(f"/jobs/{job['id']}").content)
    assert posting["baseSalary"]["value"]["unitText"] == "YEAR"
    assert posting["baseSalary"]["value"]["minValue"] == 100000
    assert posting["employmentType"] == "INTERN"


def test_a_title_cannot_close_the_json_ld_script(client, create_job):
    title = "</script><!--<script>alert(1)</script>"
    job = create_job(publish=True, title=title)
    content = client.get(f"/jobs/{job['id']}").content
    assert b"<script>alert(1)" not in content
    # No "<" at all inside the block: neither "</script" nor "<!--<script" can change where it ends.
    assert "<" not in read_head(content).json_ld[0]
    assert json_ld(content)["title"] == title


def test_canonical_link_open_graph_and_meta_description(client, create_job, owner_company):
    owner_company.logo_url = LOGO
    owner_company.save()
    job = create_job(publish=True, description="Line one.\n\n" + "word " * 100)
    head = read_head(client.get(f"/jobs/{job['id']}").content)
    url = f"http://testserver/jobs/{job['id']}"
    assert head.links["canonical"] == url
    assert head.meta["og:url"] == url
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Backend Engineer at Owner Co"
    assert head.meta["og:image"] == LOGO
    description = head.meta["og:description"]
    assert description.startswith("Line one. word word") and len(description) <= 200 and "\n" not in description
    assert head.meta["description"] == description


def test_no_og_image_without_a_logo(client, live_job):
    head = read_head(client.get(f"/jobs/{live_job['id']}").content)
    assert "og:image" not in head.meta


def _pause(owner_api, job):
    owner_api.post(f"/jobs/{job['id']}/pause")


def _close(owner_api, job):
    owner_api.post(f"/jobs/{job['id']}/close")


def _expire(owner_api, job):
    # Past expiresAt, before any sweep has marked it EXPIRED: the page must not wait for the sweep.
    Job.objects.filter(pk=job["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))


def _fill_budget(owner_api, job):
    services.company_budget_set(company=Job.objects.get(pk=job["id"]).company, window="DAILY", budget_cents=0)


def _block_company(owner_api, job):
    company_set_blocked(company=Job.objects.get(pk=job["id"]).company, blocked=True, admin_reason="spam", actor=None)


def _disable_company(owner_api, job):
    company_set_disabled(company=Job.objects.get(pk=job["id"]).company, disabled=True, actor=None)


@pytest.mark.parametrize(
    "make_hidden, status",
    [(_pause, 404), (_close, 410), (_expire, 410), (_fill_budget, 404), (_block_company, 404), (_disable_company, 404)],
    ids=["paused", "closed", "expired", "budget-full", "company-blocked", "company-disabled"],
)
def test_a_job_that_is_not_publicly_visible_shows_no_description_form_or_apply_link(
    client, owner_api, live_job, make_hidden, status
):
    make_hidden(owner_api, live_job)
    for path in (f"/jobs/{live_job['id']}", f"/jobs/{live_job['id']}/apply"):
        response = client.get(path)
        content = response.content.decode()
        assert response.status_code == status, path
        assert "Design the billing pipeline" not in content
        assert "<form" not in content and _apply_form_of(live_job["id"]) not in content
        assert "application/ld+json" not in content
        # Nothing of a job that is not public shows, not even its title or company.
        assert "Backend Engineer" not in content and "Owner Co" not in content
        if status == 410:
            assert "no longer accepting applications" in content


def test_a_draft_is_404_on_every_page(client, create_job):
    job = create_job(description=DESCRIPTION)
    for path in (f"/jobs/{job['id']}", f"/jobs/{job['id']}/apply", f"/jobs/{job['id']}/applied"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"Design the billing pipeline" not in response.content and b"<form" not in response.content


@pytest.mark.parametrize("job_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "123"])
def test_unknown_and_malformed_job_ids_are_404(client, job_id):
    assert client.get(f"/jobs/{job_id}").status_code == 404


@pytest.mark.parametrize("make_hidden", [_close, _pause, _block_company], ids=["closed", "paused", "company-blocked"])
def test_a_posted_application_to_a_job_that_stopped_accepting_is_refused_and_not_stored(
    client, owner_api, live_job, make_hidden
):
    stored = Job.objects.get(pk=live_job["id"])
    form = {"candidate_name": "Late", "email": "late@example.com", f"question_{stored.questions.first().pk}": "Now"}
    make_hidden(owner_api, live_job)
    response = client.post(f"/jobs/{live_job['id']}/apply", form)
    assert response.status_code in (404, 410)
    assert b"<form" not in response.content
    assert not Application.objects.exists()


def test_the_apply_form_has_labels_a_fieldset_per_choice_group_and_errors_beside_fields(client, live_job):
    stored = Job.objects.get(pk=live_job["id"])
    page = client.get(f"/jobs/{live_job['id']}/apply").content.decode()
    assert '<label for="id_candidate_name">Your name' in page and '<label for="id_email">Email' in page
    assert "<legend>Start date?" in page and "<legend>Check what applies to you" in page
    response = client.post(f"/jobs/{live_job['id']}/apply", {"candidate_name": "", "email": "nope"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_candidate_name_error"' in content and "This field is required." in content
    assert "Enter a valid email address." in content
    assert f'id="field-question_{stored.questions.first().pk}"' in content


def test_applying_ends_on_a_confirmation_that_links_back_to_the_board(client, live_job):
    stored = Job.objects.get(pk=live_job["id"])
    response = client.post(
        f"/jobs/{live_job['id']}/apply",
        {"candidate_name": "Robin", "email": "robin@example.com", f"question_{stored.questions.first().pk}": "Now"},
        follow=True,
    )
    content = response.content.decode()
    assert response.redirect_chain == [(f"/jobs/{live_job['id']}/applied", 302)]
    assert "Application sent" in content and "Owner Co" in content and "Backend Engineer" in content
    assert 'href="/"' in content and "Back to all postings" in content
    assert Application.objects.get().candidate_name == "Robin"
