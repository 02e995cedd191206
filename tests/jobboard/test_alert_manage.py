"""Every digest links to a signed "manage alerts" page listing the address's alerts with their search words and
filters, each with delete; a deleted or unsubscribed alert is no longer listed and sends nothing."""

import pytest
from django.test import Client

from jobboard import alert_links
from jobboard.models import SearchAlert

from .alerts import digests, link_in, run_digests, subscribed

pytestmark = pytest.mark.django_db

ADA = "ada@alerts.example"


def test_the_manage_link_of_a_digest_lists_the_addresses_alerts_and_deletes_one(
    mailbox, django_capture_on_commit_callbacks, create_job
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python&workplace=remote", ADA)
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=rust", ADA)
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=golang", "bob@alerts.example")
    create_job(
        publish=True, title="Python Engineer", remoteOption="REMOTE", remoteCountry="United States", locations=[]
    )
    run_digests(django_capture_on_commit_callbacks)
    (digest,) = digests(mailbox, ADA)
    path = link_in(digest, "/alerts/manage/")

    client = Client()
    page = client.get(path).content.decode()
    assert "matching “python”" in page and "Filters: Remote" in page and "matching “rust”" in page
    assert "golang" not in page

    rust = SearchAlert.objects.get(query="q=rust")
    response = client.post(path, {"alert": rust.pk})
    assert response.status_code == 302
    assert "rust" not in client.get(path).content.decode()
    assert SearchAlert.objects.get(pk=rust.pk).unsubscribed_at is not None


def test_a_manage_link_cannot_delete_another_addresss_alert(mailbox, django_capture_on_commit_callbacks):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=golang", "bob@alerts.example")
    bob = SearchAlert.objects.get()
    Client().post(f"/alerts/manage/{alert_links.manage_token(ADA)}", {"alert": bob.pk})
    assert SearchAlert.objects.get().unsubscribed_at is None


def test_a_forged_manage_link_is_a_404():
    assert Client().get("/alerts/manage/ada@alerts.example:forged").status_code == 404


@pytest.mark.parametrize("alert", ["", "x", "9" * 40, "-1", "١٢"])
def test_a_delete_naming_no_alert_id_is_a_404_and_changes_nothing(alert, mailbox, django_capture_on_commit_callbacks):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=rust", ADA)

    response = Client().post(f"/alerts/manage/{alert_links.manage_token(ADA)}", {"alert": alert})

    assert response.status_code == 404
    assert SearchAlert.objects.get().unsubscribed_at is None
