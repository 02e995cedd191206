"""In a real browser, on a phone and a desktop: a staff member opens Account → Notifications from the dashboard's
navigation, changes their choices, saves, and sees them kept; then an unsubscribe link from a mail asks before it
changes anything and turns one kind off with its button. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from companies.models import NotificationKind
from companies.notifications.selectors import notification_preferences_for_user
from companies.notifications.services import staff_unsubscribe_url
from companies.services import company_create, company_user_create

from .conftest import DESKTOP, PHONE

EMAIL, PASSWORD = "hiring@notify.example", "Notify-Hiring-2026"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_a_staff_member_changes_their_notification_choices_and_sees_them_kept(web, viewport):
    company = company_create(name="Notify Co", accept_terms=True, payment_method=True)
    user = company_user_create(email=EMAIL, password=PASSWORD, company=company)
    page = web.page("staff", viewport=viewport)
    page.goto("/dashboard/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()

    page.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    applications = page.get_by_role("group", name=NotificationKind.NEW_APPLICATION.label)
    expiring = page.get_by_role("group", name=NotificationKind.JOB_EXPIRING.label)
    expect(applications.get_by_label("Right away")).to_be_checked()
    applications.get_by_label("Daily digest").check()
    expiring.get_by_label("Off").check()
    page.get_by_role("button", name="Save choices").click()

    expect(page.get_by_text("Your notification choices are saved.")).to_be_visible()
    page.reload()
    expect(applications.get_by_label("Daily digest")).to_be_checked()
    expect(expiring.get_by_label("Off")).to_be_checked()
    expect(page.get_by_role("group", name=NotificationKind.BUDGET_FULL.label).get_by_label("On")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    choices = notification_preferences_for_user(user_id=user.pk)
    assert choices["new_application"] == "daily" and choices["job_expiring"] == "off"

    # A mail's unsubscribe link, opened in a browser without the session: it asks first.
    reader = web.page("mail reader", viewport=viewport)
    reader.goto(staff_unsubscribe_url(user_id=user.pk, kind="budget_full").removeprefix("http://testserver"))
    expect(reader.get_by_role("heading", name="Unsubscribe", level=1)).to_be_visible()
    assert notification_preferences_for_user(user_id=user.pk)["budget_full"] == "instant"
    assert reader.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed", level=1)).to_be_visible()
    assert notification_preferences_for_user(user_id=user.pk)["budget_full"] == "off"
