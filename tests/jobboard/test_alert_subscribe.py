"""Subscribing from a board search: the confirmation mail (double opt-in), confirming on open, and the first
digest naming a matching posting published after the confirmation, through a real SMTP server."""

import pytest
from django.test import Client

from jobboard.models import SearchAlert
from tests.mailbox import text_of

from .alerts import confirm, digests, link_in, run_digests, subscribe, subscribed

pytestmark = pytest.mark.django_db


def test_the_board_links_every_search_to_an_alert_form_with_its_query_string(owner_company):
    page = Client().get("/", {"q": "python", "workplace": "remote"}).content.decode()
    assert 'href="/alerts/new?q=python&amp;workplace=remote">Email me new postings like these</a>' in page


def test_the_alert_form_saves_only_the_filters_the_board_accepts(mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe("workplace=remote&q=+python+&after=junk&type=bogus&fields=X", "ada@alerts.example")
    assert response.status_code == 200
    alert = SearchAlert.objects.get()
    assert alert.query == "q=python&workplace=remote"
    assert alert.email == "ada@alerts.example" and alert.confirmed_at is None and alert.due_at is None


def test_subscribing_mails_a_link_whose_page_confirms_once_with_a_button_never_on_open(
    mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe("q=python", "Ada@Alerts.example", "WEEKLY").status_code == 200
    (message,) = mailbox.wait_for(1, to="ada@alerts.example")
    assert message["List-Unsubscribe"] is None  # a confirmation is account mail
    assert "python" in text_of(message) and "weekly" in text_of(message)
    assert "Confirm the alert" in message.get_body(preferencelist=("html",)).get_content()
    path = link_in(message, "/alerts/confirm/")

    opened = Client().get(path)
    assert opened.status_code == 200 and "Confirm the alert" in opened.content.decode()
    assert SearchAlert.objects.get().confirmed_at is None  # a mail scanner's GET subscribes nobody

    first = Client().post(path)
    alert = SearchAlert.objects.get()
    assert first.status_code == 200 and alert.confirmed_at is not None and alert.due_at == alert.confirmed_at

    for again in (Client().post(path), Client().get(path)):
        assert again.status_code == 200 and "Your alert is on" in again.content.decode()
    assert SearchAlert.objects.get().confirmed_at == alert.confirmed_at


def test_an_unknown_confirmation_link_is_a_404():
    assert Client().get("/alerts/confirm/not-a-token").status_code == 404


def test_a_confirmed_alert_mails_one_digest_naming_a_matching_posting_published_after_confirmation(
    mailbox, django_capture_on_commit_callbacks, create_job, time_machine
):
    create_job(publish=True, title="Python Engineer Before")
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", "ada@alerts.example")
    create_job(publish=True, title="Python Engineer After")
    create_job(publish=True, title="Rust Engineer After")

    run = run_digests(django_capture_on_commit_callbacks)

    assert run.digests == 1
    (digest,) = mailbox.wait_for(2, to="ada@alerts.example")[1:]
    text = text_of(digest)
    assert "Python Engineer After at Owner Co" in text
    assert "Python Engineer Before" not in text and "Rust Engineer" not in text
    assert "$100,000" in text and "Austin" in text  # salary and place of a job
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "Python Engineer After" in html and "http://testserver/jobs/" in html
    assert "http://testserver/?q=python" in text  # the full search on the board
    assert SearchAlert.objects.get().last_sent_at is not None


def test_an_unconfirmed_alert_sends_nothing(mailbox, django_capture_on_commit_callbacks, create_job):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe("q=python", "ada@alerts.example")
    mailbox.wait_for(1, to="ada@alerts.example")
    create_job(publish=True, title="Python Engineer")

    run = run_digests(django_capture_on_commit_callbacks)

    assert run.alerts == 0 and digests(mailbox, "ada@alerts.example") == []


def test_the_same_search_again_while_unconfirmed_sends_a_new_link_and_the_old_one_stops_working(
    mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe("q=python", "ada@alerts.example")
        subscribe("q=python", "ada@alerts.example")
    first, second = mailbox.wait_for(2, to="ada@alerts.example")
    assert Client().get(link_in(first, "/alerts/confirm/")).status_code == 404
    confirm(mailbox, "ada@alerts.example")
    assert SearchAlert.objects.get().confirmed_at is not None
