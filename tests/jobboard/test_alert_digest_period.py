"""Each due alert gets one digest a period: a second run in the same period sends nothing, the next period's run
sends what is new since, no match sends no mail (the watermark still moves), and a digest holds at most 20
postings, newest first, with a link to the rest on the board."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobboard.models import SearchAlert
from tests.mailbox import text_of

from .alerts import digests, run_digests, subscribed

pytestmark = pytest.mark.django_db

ADA = "ada@alerts.example"


def test_a_second_run_in_the_same_period_sends_nothing(mailbox, django_capture_on_commit_callbacks, create_job):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA)
    create_job(publish=True, title="Python Engineer")
    assert run_digests(django_capture_on_commit_callbacks).digests == 1
    create_job(publish=True, title="Python Lead")

    second = run_digests(django_capture_on_commit_callbacks)

    assert second.alerts == 0 and second.digests == 0
    assert len(mailbox.wait_for(1, to=ADA, timeout=1) and digests(mailbox, ADA)) == 1


def test_the_next_days_run_sends_only_what_is_new_since_the_last_digest(
    mailbox, django_capture_on_commit_callbacks, create_job, time_machine
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA)
    create_job(publish=True, title="Python Engineer")
    run_digests(django_capture_on_commit_callbacks)
    time_machine.move_to(timezone.now() + timedelta(hours=12))
    create_job(publish=True, title="Python Lead")
    assert run_digests(django_capture_on_commit_callbacks).digests == 0  # half a day: not due

    time_machine.move_to(timezone.now() + timedelta(hours=12, minutes=1))
    assert run_digests(django_capture_on_commit_callbacks).digests == 1

    first, second = digests(mailbox, ADA)
    assert "Python Lead" in text_of(second) and "Python Engineer at" not in text_of(second)


def test_a_weekly_alert_is_not_due_again_for_a_week(
    mailbox, django_capture_on_commit_callbacks, create_job, time_machine
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA, frequency="WEEKLY")
    create_job(publish=True, title="Python Engineer")
    run_digests(django_capture_on_commit_callbacks)
    time_machine.move_to(timezone.now() + timedelta(days=6))
    create_job(publish=True, title="Python Lead")
    assert run_digests(django_capture_on_commit_callbacks).alerts == 0
    time_machine.move_to(timezone.now() + timedelta(days=1, minutes=1))
    assert run_digests(django_capture_on_commit_callbacks).digests == 1


def test_no_match_sends_no_mail_but_moves_the_watermark(
    mailbox, django_capture_on_commit_callbacks, create_job, time_machine
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA)
    create_job(publish=True, title="Rust Engineer")

    run = run_digests(django_capture_on_commit_callbacks)

    alert = SearchAlert.objects.get()
    assert run.alerts == 1 and run.digests == 0 and digests(mailbox, ADA) == []
    assert alert.covered_until > alert.confirmed_at and alert.last_sent_at is None
    assert alert.due_at == alert.covered_until + timedelta(days=1)


def test_a_digest_holds_the_20_newest_matches_and_links_to_the_rest_on_the_board(
    mailbox, django_capture_on_commit_callbacks, create_job
):
    subscribed(mailbox, django_capture_on_commit_callbacks, "q=python", ADA)
    for n in range(21):
        create_job(publish=True, title=f"Python Engineer {n:02}")

    run_digests(django_capture_on_commit_callbacks)

    (digest,) = digests(mailbox, ADA)
    text = text_of(digest)
    titles = [line.split(" at ")[0] for line in text.splitlines() if line.startswith("Python Engineer")]
    assert titles == [f"Python Engineer {n:02}" for n in range(20, 0, -1)]
    assert "More new postings match" in text and "http://testserver/?q=python" in text
    assert digest["Subject"] == "20+ new postings matching “python”"
