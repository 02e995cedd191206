"""An offer's description holds nothing that makes a reader's browser fetch a URL on its own: no <img> (a relative
one, /dashboard/applications/1/, would be a GET in a signed-in reader's name; an absolute one a tracking pixel), no
attribute that loads one. Links stay, with rel="noopener noreferrer": following one takes a click. A description
stored before this rule renders without its image too."""

import pytest

from offers.models import Offer

pytestmark = pytest.mark.django_db

PIXEL = '<img src="/dashboard/applications/1/" alt="">'
LOADERS = (
    '<p style="background:url(/dashboard/applications/2/)">Join us</p>'
    '<img src="https://tracker.example/pixel.gif" srcset="/dashboard/applications/3/ 2x" width="1" height="1">'
    '<table background="/dashboard/applications/4/"><tr><td background="/dashboard/applications/5/">x</td></tr></table>'
    '<video poster="/dashboard/applications/6/"></video><picture><source srcset="/dashboard/applications/7/"></picture>'
    '<input type="image" src="/dashboard/applications/8/"><object data="/o"></object><embed src="/e">'
    '<iframe src="/f"></iframe><link rel="stylesheet" href="/l.css"><svg><image href="/s.png"/></svg>'
)
URL_ATTRIBUTES = ("src=", "srcset=", "style=", "background=", "poster=", "data=", "<link", "<img", "<iframe")


def description_section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


def test_a_new_description_is_stored_without_any_image_or_url_loading_attribute(make_offer):
    offer = make_offer(description=f"<p>Build robots.</p>{PIXEL}{LOADERS}")
    assert "Build robots." in offer.description and "Join us" in offer.description
    for loader in URL_ATTRIBUTES:
        assert loader not in offer.description, loader
    assert "/dashboard/applications/" not in offer.description and "tracker.example" not in offer.description


def test_links_in_a_description_stay_and_open_with_no_opener_or_referrer(make_offer):
    offer = make_offer(description='<p>See <a href="https://labs.example/team">our team</a>.</p>')
    assert '<a href="https://labs.example/team" rel="noopener noreferrer">our team</a>' in offer.description


def test_an_image_stored_before_the_rule_is_not_shown_on_the_public_offer_page(client, make_offer):
    offer = make_offer(description="<p>Build robots.</p>")
    Offer.objects.filter(pk=offer.pk).update(description=f"<p>Build robots.</p>{PIXEL}")
    html = client.get(f"/offers/{offer.pk}").content.decode()
    section = description_section(html, 'class="posting-description"')
    assert "<p>Build robots.</p>" in section
    assert "<img" not in html and "/dashboard/applications/1/" not in html


def test_an_image_stored_before_the_rule_is_not_shown_on_the_dashboard_offer_page(staff, dashboard_offer):
    offer = dashboard_offer(description="<p>Build robots.</p>")
    Offer.objects.filter(pk=offer.pk).update(description=f"<p>Build robots.</p>{PIXEL}")
    html = staff.get(f"/dashboard/offers/{offer.pk}/").content.decode()
    section = description_section(html, 'id="description-h"')
    assert "<p>Build robots.</p>" in section
    assert "<img" not in html and "/dashboard/applications/1/" not in html
