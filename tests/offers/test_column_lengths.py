"""Text the columns cannot hold is 422 in the offers envelope rather than a database error: an applyURL longer than
its 500-character column (a 500 on PostgreSQL before), and a NUL character in an admin's reason."""

import pytest

from offers.models import Offer
from tests.helpers import offer_body

pytestmark = pytest.mark.django_db


def url_of_length(n: int) -> str:
    start = "https://labs.example/"
    return start + "a" * (n - len(start))


def test_an_apply_url_longer_than_its_column_is_422_on_create(owner):
    response = owner.post("/offers/new", offer_body(applyURL=url_of_length(501)))
    assert response.status_code == 422
    assert response.json()["errors"][0]["param"] == "applyURL"
    assert response.json()["errors"][0]["msg"] == "max-length-exceeded:500"
    assert not Offer.objects.exists()


def test_an_apply_url_longer_than_its_column_is_422_on_edit(owner, make_offer):
    offer = make_offer()
    response = owner.post(f"/offers/edit/{offer.pk}", {"applyURL": url_of_length(10_000)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "max-length-exceeded:500"
    offer.refresh_from_db()
    assert offer.apply_url == "https://labs.example/apply"


def test_an_apply_url_as_long_as_its_column_is_stored(owner):
    response = owner.post("/offers/new", offer_body(applyURL=url_of_length(500)))
    assert response.status_code == 201
    assert response.json()["applyURL"] == url_of_length(500)


@pytest.mark.parametrize("path, method", [("/offers/{offer}/disable", "post"), ("/company/{company}/block", "put")])
def test_a_nul_in_an_admin_reason_is_422_and_nothing_changes(admin, make_offer, company, path, method):
    offer = make_offer()
    response = getattr(admin, method)(path.format(offer=offer.pk, company=company.pk), {"adminReason": "Spam\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["param"] == "adminReason"
    offer.refresh_from_db()
    company.refresh_from_db()
    assert not offer.is_hidden and not company.is_blocked
