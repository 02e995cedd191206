"""Creating and editing offers in the dashboard: the API's rules, answered in words next to the fields."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from offers import validators as v
from offers.actors import GOD
from offers.forms import rule_error_message, when
from offers.models import MAX_PUBLISH_WINDOW, HiddenReason, Offer
from offers.services.moderation import company_block, company_disable
from offers.services.offers import offer_disable
from offers.validators import RuleError
from plumbing.times import iso_z
from tests.offers.dashboard_helpers import field_block, local, offer_form, text

pytestmark = pytest.mark.django_db

NEW = reverse("dashboard-offer-new")


def edit_url(offer) -> str:
    return reverse("dashboard-offer-edit", args=[offer.pk])


def test_the_new_offer_page_has_every_field_and_states_utc(staff):
    html = staff.get(NEW).content.decode()
    for name in (
        "title",
        "publish_date",
        "publish_end_date",
        "job_min_duration",
        "job_max_duration",
        "job_start_date",
        "description",
        "contacts",
        "requirements",
        "is_paid",
        "vacancies",
        "job_type",
        "job_fields",
        "technologies",
        "location",
        "apply_url",
        "create_hidden",
    ):
        assert f'name="{name}"' in html, name
    assert 'type="datetime-local"' in html and "UTC" in html
    assert "/ 1500 visible characters" in html
    assert "Pick between 1 and 5." in html and "Pick between 1 and 7." in html


def test_creating_stores_the_offer_and_opens_it(staff, owner_company):
    response = staff.post(NEW, offer_form(job_start_date="2027-09-01"))
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == reverse("dashboard-offer", args=[offer.pk])
    assert offer.company == owner_company and offer.title == "Data intern"
    assert offer.contacts == ["jobs@owner.example", "+351 210 000 000"]
    assert offer.requirements == ["Curiosity", "Some SQL"]
    assert offer.fields == ["BACKEND", "DATA SCIENCE"] and offer.technologies == ["Python", "SQL"]
    assert offer.is_paid is True and offer.vacancies == 2 and offer.job_type == "SUMMER INTERNSHIP"
    assert offer.job_start_date.date().isoformat() == "2027-09-01"
    assert offer.apply_url == "https://owner.example/apply" and not offer.is_hidden
    assert "created" in staff.get(response.url).content.decode()


def test_an_empty_publish_date_publishes_now(staff):
    before = timezone.now()
    staff.post(NEW, offer_form())
    assert before <= Offer.objects.get().publish_date <= timezone.now()


def test_an_offer_can_be_created_hidden(staff):
    staff.post(NEW, offer_form(create_hidden="on"))
    offer = Offer.objects.get()
    assert offer.is_hidden and offer.hidden_reason == HiddenReason.COMPANY_REQUEST


def test_unsafe_html_in_the_description_is_removed(staff):
    staff.post(NEW, offer_form(description='<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>'))
    description = Offer.objects.get().description
    assert "script" not in description and "onclick" not in description and "<b>there</b>" in description


def test_bad_input_is_explained_next_to_each_field_and_nothing_is_stored(staff):
    response = staff.post(
        NEW,
        offer_form(
            title="",
            publish_end_date=local(timezone.now() - timedelta(days=1)),
            job_min_duration="6",
            job_max_duration="3",
            vacancies="0",
            technologies=["Python", "SQL", "Go", "Rust", "Java", "C", "C++", "Kotlin"],
            apply_url="ftp://files.example",
            contacts="",
        ),
    )
    assert response.status_code == 200
    assert not Offer.objects.exists()
    html = text(response)
    assert "This field is required." in field_block(html, "title")
    assert "This date is in the past." in field_block(html, "publish_end_date")
    assert "Must be at least the minimum duration." in field_block(html, "job_max_duration")
    assert "Must be 1 or more." in field_block(html, "vacancies")
    assert "Pick between 1 and 7." in field_block(html, "technologies").split("errorlist")[1]
    assert "Enter a web address (https://…)" in field_block(html, "apply_url")
    assert "This field is required." in field_block(html, "contacts")
    for identifier in ("invalid-apply-url", "date-already-past", "size-must-be-between", "must-be-greater"):
        assert identifier not in html


def test_the_form_keeps_what_was_typed_after_a_refusal(staff):
    html = staff.post(NEW, offer_form(title="", location="Braga, Portugal")).content.decode()
    assert 'value="Braga, Portugal"' in html and re.search(r'value="Python"[^>]*checked', html)


def test_a_description_over_1500_visible_characters_is_refused(staff):
    response = staff.post(NEW, offer_form(description="<p>" + "a" * 1501 + "</p>"))
    assert "At most 1500 characters of visible text" in field_block(text(response), "description")
    assert not Offer.objects.exists()


def test_tags_do_not_count_toward_the_1500_characters(staff):
    description = "<p><b>" + "a" * 700 + "</b></p><ul><li><i>" + "b" * 800 + "</i></li></ul>"
    assert staff.post(NEW, offer_form(description=description)).status_code == 302
    assert Offer.objects.exists()


def test_an_end_more_than_six_months_after_the_start_is_refused_with_the_last_allowed_date(staff):
    start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    end = start + timedelta(days=200)
    response = staff.post(NEW, offer_form(publish_date=local(start), publish_end_date=local(end)))
    latest = (start + MAX_PUBLISH_WINDOW).replace(second=0, microsecond=0)
    expected = f"Must be on or before {when(latest)} (6 months after the publish date)."
    assert expected in field_block(text(response), "publish_end_date")
    assert not Offer.objects.exists()


def test_the_sixth_concurrent_offer_is_refused_naming_the_full_period(staff, dashboard_offer):
    now = timezone.now()
    starts = [now + timedelta(days=d) for d in (1, 2, 3, 4, 5)]
    for i, start in enumerate(starts):
        dashboard_offer(title=f"Live {i}", publishDate=iso_z(start), publishEndDate=iso_z(now + timedelta(days=40 + i)))
    response = staff.post(
        NEW, offer_form(publish_date=local(now + timedelta(days=10)), publish_end_date=local(now + timedelta(days=50)))
    )
    assert response.status_code == 200
    html = text(response)
    full_from, full_until = starts[-1], now + timedelta(days=40)
    assert f"You already have 5 offers live between {when(full_from)} and {when(full_until, round_up=True)}." in html
    assert "Hide or archive one, or choose dates outside that period." in html
    assert "max-concurrent-offers-reached" not in html
    assert Offer.objects.count() == 5


def test_a_sixth_offer_created_hidden_is_accepted(staff, dashboard_offer):
    for i in range(5):
        dashboard_offer(title=f"Live {i}")
    assert staff.post(NEW, offer_form(create_hidden="on")).status_code == 302
    assert Offer.objects.count() == 6


def test_a_blocked_company_is_told_why_it_cannot_create(staff, owner_company):
    company_block(actor=GOD, company_id=owner_company.pk, admin_reason="Unpaid invoices")
    response = staff.post(NEW, offer_form())
    assert response.status_code == 200
    assert "Your company is blocked by the platform's admins, so offers cannot be" in text(response)
    assert not Offer.objects.exists()


def test_a_disabled_company_is_told_to_re_enable_before_creating(staff, owner_company):
    company_disable(actor=GOD, company_id=owner_company.pk)
    response = staff.post(NEW, offer_form())
    assert "Re-enable the account on the Company page first." in text(response)
    assert not Offer.objects.exists()


def test_the_edit_page_shows_the_stored_values(staff, dashboard_offer):
    offer = dashboard_offer(title="Backend intern", requirements=["Curiosity", "Git"])
    html = staff.get(edit_url(offer)).content.decode()
    assert 'value="Backend intern"' in html and "Curiosity\nGit</textarea>" in html
    assert 'name="create_hidden"' not in html


def test_editing_a_live_offer_changes_only_what_changed(staff, dashboard_offer):
    offer = dashboard_offer(title="Backend intern")  # published already: its publish date is in the past
    form = staff.get(edit_url(offer)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: (v if not hasattr(v, "strftime") else local(v)) for k, v in data.items() if v is not None}
    data["contacts"] = "\n".join(data["contacts"])
    data["requirements"] = "\n".join(data["requirements"])
    data["title"] = "Backend intern (Porto)"
    response = staff.post(edit_url(offer), data)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    assert offer.title == "Backend intern (Porto)"
    assert "Offer saved." in staff.get(response.url).content.decode()


def test_editing_the_end_past_six_months_names_the_last_allowed_date(staff, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(
        edit_url(offer), _edit_data(staff, offer, publish_end_date=local(offer.publish_date + timedelta(days=200)))
    )
    latest = (offer.publish_date + MAX_PUBLISH_WINDOW).replace(second=0, microsecond=0)
    assert f"Must be on or before {when(latest)}" in field_block(text(response), "publish_end_date")


def test_moving_an_offer_into_a_full_period_is_refused_naming_it(staff, dashboard_offer):
    now = timezone.now()
    for i in range(5):
        dashboard_offer(title=f"Live {i}", publishEndDate=iso_z(now + timedelta(days=30)))
    later = dashboard_offer(
        title="Later",
        publishDate=iso_z(now + timedelta(days=40)),
        publishEndDate=iso_z(now + timedelta(days=60)),
    )
    new_start = now + timedelta(days=10)
    response = staff.post(edit_url(later), _edit_data(staff, later, publish_date=local(new_start)))
    html = text(response)
    full_until = when(now + timedelta(days=30), round_up=True)
    assert "You already have 5 offers live between" in html and f"and {full_until}." in html
    later.refresh_from_db()
    assert later.publish_date > now + timedelta(days=39)


def test_an_admin_blocked_offer_cannot_be_edited(staff, dashboard_offer):
    offer = dashboard_offer(title="Backend intern")
    offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Spam")
    page = staff.get(edit_url(offer)).content.decode()
    assert "This offer is blocked by an admin" in page and "To ask about it or appeal, write to" in page
    response = staff.post(edit_url(offer), _edit_data(staff, offer, title="Renamed"))
    assert "This offer is blocked by an admin" in text(response)
    offer.refresh_from_db()
    assert offer.title == "Backend intern"


def test_saving_without_changes_changes_nothing(staff, dashboard_offer):
    offer = dashboard_offer()
    response = staff.post(edit_url(offer), _edit_data(staff, offer))
    assert response.status_code == 302
    assert "Nothing changed." in staff.get(response.url).content.decode()


def _edit_data(client, offer, **overrides) -> dict:
    """What the edit page submits when the person changes only `overrides`."""
    form = client.get(edit_url(offer)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if hasattr(value, "strftime") and hasattr(value, "hour"):
            value = local(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, list) and name in ("contacts", "requirements"):
            value = "\r\n".join(value)
        data[name] = value
    data.update(overrides)
    return data


# Every rule error the offer validators can put on a field, with the parameters they give it.
LIMIT = datetime(2027, 6, 3, 12, 28, 48, tzinfo=UTC)
RULE_ERRORS = [
    ("title", RuleError(v.REQUIRED)),
    ("title", RuleError(v.MUST_BE_STRING)),
    ("contacts", RuleError(v.MUST_BE_STRING)),
    ("publish_date", RuleError(v.NOT_A_DATE)),
    ("job_start_date", RuleError(v.NOT_A_DATE)),
    ("publish_date", RuleError(v.DATE_ALREADY_PAST)),
    ("publish_end_date", RuleError(v.MUST_BE_AFTER, {"field": "publish_date"})),
    ("publish_date", RuleError(v.MUST_BE_BEFORE, {"field": "publish_end_date"})),
    ("publish_end_date", RuleError(v.MUST_BE_BEFORE, {"limit": LIMIT})),
    ("publish_date", RuleError(v.MUST_BE_AFTER, {"limit": LIMIT})),
    ("title", RuleError(v.MAX_LENGTH, {"max": 90})),
    ("description", RuleError(v.MAX_LENGTH, {"max": 1500})),
    ("requirements", RuleError(v.MAX_LENGTH, {"max": 500})),
    ("contacts", RuleError(v.BELOW_MIN_LENGTH, {"min": 1})),
    ("vacancies", RuleError(v.AT_LEAST_ONE, {"min": 1})),
    ("vacancies", RuleError(v.TOO_LARGE_FOR_COLUMN, {"max": 2147483647})),
    ("job_max_duration", RuleError(v.AT_LEAST_FIELD, {"field": "job_min_duration"})),
    ("job_max_duration", RuleError(v.NEEDS_MIN_DURATION)),
    ("fields", RuleError(v.SIZE_BETWEEN, {"min": 1, "max": 5})),
    ("coordinates", RuleError(v.SIZE_BETWEEN, {"min": 2, "max": 2})),
    ("job_type", RuleError(v.MUST_BE_IN, {"choices": ("FULL-TIME", "PART-TIME")})),
    ("fields", RuleError(v.MUST_BE_IN, {"choices": ("BACKEND",)})),
    ("technologies", RuleError(v.MUST_BE_IN, {"choices": ("Python",)})),
    ("coordinates", RuleError(v.MUST_BE_IN, {"longitude": v.LONGITUDE, "latitude": v.LATITUDE})),
    ("fields", RuleError(v.DUPLICATE_VALUES)),
    ("apply_url", RuleError(v.INVALID_APPLY_URL)),
]


@pytest.mark.parametrize("name, error", RULE_ERRORS)
def test_every_rule_error_reads_as_a_sentence(name, error):
    text = rule_error_message(name, error)
    assert text != "This value is not accepted." and text.endswith(".")
    assert "-" not in error.code or error.code not in text


def test_the_list_of_rule_errors_above_misses_no_code_the_validators_define():
    source = (Path(__file__).parents[2] / "offers" / "validators.py").read_text()
    defined = set(re.findall(r'^[A-Z_]+ = "([a-z][\w-]*)"$', source, re.M))
    covered = {error.code for _, error in RULE_ERRORS}
    assert defined and defined <= covered, defined - covered


def test_the_six_month_limit_names_a_time_one_can_type(staff):
    text = rule_error_message("publish_end_date", RuleError(v.MUST_BE_BEFORE, {"limit": LIMIT}))
    assert text == "Must be on or before 3 Jun 2027, 12:28 UTC (6 months after the publish date)."


def test_dates_near_year_9999_and_numbers_beyond_the_column_are_refused_not_a_server_error(staff):
    response = staff.post(NEW, offer_form(publish_date="9999-12-01T00:00", publish_end_date="9999-12-31T00:00"))
    assert response.status_code == 200
    response = staff.post(NEW, offer_form(vacancies="3000000000", job_min_duration="3000000000"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 2147483647." in response.content.decode()
    assert not Offer.objects.exists()
