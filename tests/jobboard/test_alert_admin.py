"""Support finds an address's saved searches in the Django admin and ends them through the same service as the
candidate's own unsubscribe, recorded in the admin's history; a user without the permission is not offered it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from jobboard.models import SearchAlert

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:jobboard_searchalert_changelist"


def alert(email: str) -> SearchAlert:
    now = timezone.now()
    return SearchAlert.objects.create(
        email=email,
        query="q=rust",
        created_at=now,
        confirmed_at=now,
        due_at=now,
        confirm_token_hash=email.ljust(64, "0"),
    )


def test_an_admin_finds_an_address_and_unsubscribes_its_alert(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(
        username="root", email="root@a.example", password="pw-1234567"
    )
    client.force_login(admin_user)
    ada, bob = alert("ada@alerts.example"), alert("bob@alerts.example")

    page = client.get(reverse(CHANGELIST), {"q": "ada@"}).content.decode()
    assert "ada@alerts.example" in page and "bob@alerts.example" not in page

    answer = client.post(reverse(CHANGELIST), {"action": "unsubscribe", "_selected_action": [ada.pk]}, follow=True)

    assert "1 alert(s) unsubscribed" in answer.content.decode()
    ada.refresh_from_db()
    bob.refresh_from_db()
    assert ada.unsubscribed_at is not None and ada.due_at is None
    assert bob.unsubscribed_at is None
    assert LogEntry.objects.get(object_id=str(ada.pk)).change_message == "Unsubscribed."


def test_staff_who_may_only_view_alerts_are_not_offered_the_action(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="view", email="v@a.example", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_searchalert"))
    client.force_login(viewer)
    ada = alert("ada@alerts.example")

    page = client.get(reverse(CHANGELIST)).content.decode()
    client.post(reverse(CHANGELIST), {"action": "unsubscribe", "_selected_action": [ada.pk]})

    assert "ada@alerts.example" in page and 'value="unsubscribe"' not in page
    ada.refresh_from_db()
    assert ada.unsubscribed_at is None
