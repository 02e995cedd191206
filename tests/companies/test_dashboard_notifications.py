"""Account → Notifications: each staff member chooses, for themselves, which notification mails they get (a
candidate's application right away, in a daily digest or not at all; the rest on or off), in a plain form."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from companies.models import NotificationKind
from companies.notifications.selectors import notification_preferences_for_user

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboard-notifications")
ALL_ON = {kind: "instant" for kind in NotificationKind.values}


def test_every_kind_starts_on_right_away_and_the_page_shows_it(staff, owner_staff):
    assert notification_preferences_for_user(user_id=owner_staff.pk) == ALL_ON
    page = staff.get(PAGE).content.decode()
    for kind in NotificationKind:
        assert escape(kind.label) in page
        assert f'name="{kind.value}" value="instant" required id="id_{kind.value}_0" checked' in page
    assert "Daily digest" in page
    assert f'href="{PAGE}"' in staff.get(reverse("dashboard")).content.decode()  # linked from the navigation


def test_saving_keeps_the_choices_and_shows_them_again(staff, owner_staff):
    choices = {**ALL_ON, "new_application": "daily", "job_expiring": "off"}
    response = staff.post(PAGE, choices, follow=True)

    assert "Your notification choices are saved." in response.content.decode()
    assert notification_preferences_for_user(user_id=owner_staff.pk) == choices
    page = staff.get(PAGE).content.decode()
    assert 'value="daily" required id="id_new_application_1" checked' in page
    assert 'value="off" required id="id_job_expiring_1" checked' in page


def test_a_digest_is_refused_where_it_makes_no_sense_and_nothing_is_saved(staff, owner_staff):
    response = staff.post(PAGE, {**ALL_ON, "job_expiring": "daily"})

    assert response.status_code == 200
    assert "Choose one of the options shown." in response.content.decode()
    assert notification_preferences_for_user(user_id=owner_staff.pk) == ALL_ON


def test_one_staff_members_choices_do_not_change_a_colleagues(staff, owner_staff, rival_staff):
    staff.post(PAGE, {kind: "off" for kind in NotificationKind.values})
    rival = rival_staff.get(PAGE).content.decode()
    assert 'value="instant" required id="id_new_application_0" checked' in rival
