"""Another company's offer cannot act in a reader's name: its description, stored before images were dropped, holds
an <img> pointing at the reader's own application page and a tracking pixel. A signed-in staff member reads it; the
browser fetches neither, and their new applicant is still new."""

from companies.services import company_create
from jobs.models import Application
from jobs.services.applications import application_submit
from offers.actors import GOD
from offers.api.writes import offer_create
from offers.models import Offer
from tests.helpers import offer_body

from .conftest import DESKTOP
from .test_csp_blocks_nothing import Watch, log_in


def test_reading_another_companys_offer_does_not_mark_an_application_viewed(
    web, locations, owner_company, owner_staff, create_job
):
    job_id = create_job(publish=True)["id"]
    application = application_submit(
        job_id=job_id, candidate_name="Ada Lovelace", email="ada@example.com", answers={}, met_qualification_ids=[]
    )
    rival = company_create(name="Rival Robotics", accept_terms=True, payment_method=True)
    body = offer_body(title="Rival internship", description="<p>Join us.</p>")
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": rival.pk})
    # As a description written before the rule would still be stored.
    stored = (
        f'<p>Join us.</p><img src="/dashboard/applications/{application.pk}/" alt="">'
        '<img src="https://tracker.example/pixel.gif" alt="">'
    )
    Offer.objects.filter(pk=offer.pk).update(description=stored)

    page = web.page("staff", viewport=DESKTOP)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    log_in(Watch(page))
    fetched.clear()
    page.goto(f"/offers/{offer.pk}")
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("Join us.").is_visible()
    assert [url for url in fetched if "/dashboard/" in url or "tracker.example" in url] == []
    assert Application.objects.get(pk=application.pk).viewed_at is None
    page.goto("/dashboard/")
    assert page.locator("a.stat", has_text="new applicant").locator(".n").inner_text() == "1"
