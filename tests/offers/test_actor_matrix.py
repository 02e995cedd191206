"""Every offers endpoint against every actor: owner, another company, admin, god mode, anonymous."""

import pytest

from tests.helpers import offer_body

pytestmark = pytest.mark.django_db

ACTORS = ["owner", "rival", "admin", "god", "anon"]

# (method, path, body, expected status per actor in ACTORS order)
MATRIX = [
    ("get", "/offers/{offer}", None, [200, 200, 200, 200, 200]),
    ("post", "/offers/new", "new", [201, 201, 201, 201, 401]),
    ("post", "/offers/edit/{offer}", {"title": "Edited"}, [200, 403, 200, 200, 401]),
    ("post", "/offers/{offer}/hide", {}, [200, 403, 200, 200, 401]),
    ("post", "/offers/{offer}/disable", {"adminReason": "Spam"}, [401, 401, 200, 200, 401]),
    ("put", "/offers/{offer}/enable", {}, [200, 403, 200, 200, 401]),
    ("put", "/offers/{offer}/archive", {}, [200, 403, 200, 200, 401]),
    ("get", "/offers/company/{company}", None, [200, 200, 200, 200, 200]),
    ("put", "/company/{company}/block", {"adminReason": "Fraud"}, [401, 401, 200, 200, 401]),
    ("put", "/company/{company}/unblock", {}, [401, 401, 200, 200, 401]),
    ("put", "/company/{company}/disable", {}, [200, 403, 200, 200, 401]),
    ("put", "/company/{company}/enable", {}, [200, 403, 200, 200, 401]),
    ("get", "/company/{company}/hasReachedMaxConcurrentOffersBetweenDates", None, [200, 403, 200, 200, 401]),
]

CASES = [
    pytest.param(method, path, body, actor, expected[i], id=f"{method} {path} as {actor}")
    for method, path, body, expected in MATRIX
    for i, actor in enumerate(ACTORS)
]


@pytest.mark.parametrize("method, path, body, actor, expected", CASES)
def test_actor_matrix(request, company, make_offer, method, path, body, actor, expected):
    offer = make_offer()
    client = request.getfixturevalue(actor)
    url = path.format(offer=offer.pk, company=company.pk)
    if body == "new":
        body = offer_body(owner=company.pk) if actor in ("admin", "god") else offer_body()
    response = client.get(url) if method == "get" else getattr(client, method)(url, body)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["error_code"] == 3
