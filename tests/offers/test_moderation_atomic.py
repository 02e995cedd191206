"""Hide, block and archive write the offer, its webhook event and the moderation record in one transaction: when
the record cannot be written, the offer is left exactly as it was."""

import pytest

from companies import services as company_services
from companies.models import ModerationRecord, WebhookEvent
from offers.actors import GOD
from offers.models import Offer
from offers.services.offers import offer_archive, offer_disable, offer_hide

# Each service opens its own transaction (a savepoint inside the test's): a write outside it would survive the
# failure and show here.
pytestmark = pytest.mark.django_db

STATE = ("is_hidden", "hidden_reason", "admin_reason", "is_archived", "updated_at")


class RecordFailed(Exception):
    pass


@pytest.fixture
def failing_moderation_record(monkeypatch):
    def refuse(**kwargs):
        raise RecordFailed("the moderation record could not be written")

    monkeypatch.setattr(company_services, "moderation_record", refuse)


def state(offer_id) -> tuple:
    return Offer.objects.filter(pk=offer_id).values_list(*STATE).get()


def hide(offer_id):
    offer_hide(actor=GOD, offer_id=offer_id)


def block(offer_id):
    offer_disable(actor=GOD, offer_id=offer_id, admin_reason="Misleading pay")


def archive(offer_id):
    offer_archive(actor=GOD, offer_id=offer_id)


@pytest.mark.parametrize("action", [hide, block, archive], ids=["hide", "block", "archive"])
def test_a_failed_moderation_record_leaves_the_offer_unchanged(make_offer, failing_moderation_record, action):
    offer = make_offer()
    before = state(offer.pk)
    events_before = WebhookEvent.objects.count()

    with pytest.raises(RecordFailed):
        action(offer.pk)

    assert state(offer.pk) == before
    assert WebhookEvent.objects.count() == events_before
    assert not ModerationRecord.objects.exists()


@pytest.mark.parametrize("action", [hide, block, archive], ids=["hide", "block", "archive"])
def test_a_moderation_action_keeps_its_record(make_offer, action):
    offer = make_offer()
    action(offer.pk)
    offer.refresh_from_db()
    assert offer.is_hidden or offer.is_archived
    assert ModerationRecord.objects.filter(target_type="offer", target_id=str(offer.pk)).count() == 1
