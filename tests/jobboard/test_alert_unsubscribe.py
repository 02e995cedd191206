"""A digest carries List-Unsubscribe and one-click List-Unsubscribe-Post (RFC 8058): a POST to the link with no
session and no CSRF token ends the alert and answers 2xx itself; a GET shows a button and changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jobboard.models import SearchAlert

from .alerts import digests, run_digests, subscribed

pytestmark = pytest.mark.django_db

ADA = "ada@alerts.example"


@pytest.fixture
def first_digest(mailbox, django_capture_on_commit_callbacks, create_job, time_machine):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA)
    create_job(publish=True, title="Python Engineer")
    run_digests(django_capture_on_commit_callbacks)
    (digest,) = digests(mailbox, ADA)
    return digest


def test_a_digest_carries_one_click_list_unsubscribe_headers(first_digest):
    # The one unsubscribe link of the site's mail ({SITE_URL}/unsubscribe/{token}), the spec's address.
    assert str(first_digest["List-Unsubscribe"]).strip().startswith("<http://testserver/unsubscribe/")
    assert first_digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_get_of_the_unsubscribe_link_shows_a_button_and_changes_nothing(first_digest):
    path = str(first_digest["List-Unsubscribe"]).strip().strip("<>").removeprefix("http://testserver")
    response = Client().get(path)
    page = response.content.decode()
    assert response.status_code == 200 and "<button" in page and "matching “python”" in page
    assert SearchAlert.objects.get().unsubscribed_at is None


def test_a_one_click_post_without_csrf_token_unsubscribes_answers_200_and_stops_the_digests(
    first_digest, mailbox, django_capture_on_commit_callbacks, create_job, time_machine
):
    path = str(first_digest["List-Unsubscribe"]).strip().strip("<>").removeprefix("http://testserver")
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    alert = SearchAlert.objects.get()
    assert alert.unsubscribed_at is not None and alert.due_at is None
    again = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200

    time_machine.move_to(timezone.now() + timedelta(days=2))
    create_job(publish=True, title="Python Lead")
    assert run_digests(django_capture_on_commit_callbacks).alerts == 0
    assert len(digests(mailbox, ADA)) == 1


def test_a_forged_unsubscribe_link_is_a_404():
    assert Client().post("/unsubscribe/1:forged").status_code == 404


def test_the_unsubscribe_page_links_to_no_other_alert_of_the_address(first_digest):
    path = str(first_digest["List-Unsubscribe"]).strip().strip("<>").removeprefix("http://testserver")

    page = Client().get(path).content.decode()

    assert "/alerts/manage/" not in page and "Staff can choose" not in page
