"""Who reaches the company pages: visitors are sent to log in, people without a company get a 403."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "dashboard-company",
    "dashboard-terms",
    "dashboard-payment",
    "dashboard-keys",
    "dashboard-key-issue",
    "dashboard-team",
]
POST_ONLY = ["dashboard-team-add"]


@pytest.mark.parametrize("name", PAGES + POST_ONLY)
def test_anonymous_visitors_are_sent_to_login_and_back(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('dashboard-login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_a_user_without_a_company_gets_the_403_page(outsider, name):
    response = outsider.get(reverse(name))
    assert response.status_code == 403
    assert "not part of a company" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_the_owner_gets_each_page(staff, name):
    assert staff.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_refuse_get(staff, name):
    assert staff.get(reverse(name)).status_code == 405
