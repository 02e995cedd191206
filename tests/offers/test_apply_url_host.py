"""An applyURL whose host a person could misread is refused (422 `invalid-apply-url`), and the public offer
page's button names the host the browser will actually visit."""

import pytest

from offers.models import Offer
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db

INVALID = {"msg": "invalid-apply-url", "param": "applyURL", "location": "body"}


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@careers.google.com/apply",
        "https://evil.example\\careers.google.com/apply",
        "https://careers.google.com@evil.example/apply",
        "https://user:secret@careers.google.com/apply",
        "https://careers.google.com:not-a-port/apply",
    ],
)
def test_creating_an_offer_with_an_ambiguous_apply_host_is_422(owner, url):
    response = owner.post("/offers/new", offer_body(applyURL=url))

    assert response.status_code == 422
    assert response.json()["errors"] == [{**INVALID, "value": url}]
    assert not Offer.objects.exists()


def test_editing_an_offer_to_an_ambiguous_apply_host_is_422_and_keeps_the_old_one(owner, make_offer):
    offer = make_offer()
    url = "https://evil.example\\@careers.google.com/apply"

    response = owner.post(f"/offers/edit/{offer.pk}", {"applyURL": url})

    assert response.status_code == 422
    assert response.json()["errors"] == [{**INVALID, "value": url}]
    offer.refresh_from_db()
    assert offer.apply_url == "https://labs.example/apply"


def test_a_host_in_look_alike_letters_is_named_in_the_form_the_browser_visits(client, make_offer):
    offer = make_offer(applyURL="https://careers.gооgle.com/apply")  # two Cyrillic "о"

    content = client.get(f"/offers/{offer.pk}").content.decode()

    assert "Apply at careers.xn--ggle-55da.com" in content
    assert "Apply at careers.gооgle.com" not in content


def test_an_ambiguous_apply_url_stored_before_the_rule_shows_no_apply_button(client, make_offer):
    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(apply_url="https://evil.example\\@careers.google.com/apply")

    content = client.get(f"/offers/{offer.pk}").content.decode()

    assert "careers.google.com" not in content
    assert "To apply, write to the contacts below." in content
