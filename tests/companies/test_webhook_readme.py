"""The signature check docs/webhooks.md gives partners, run as a partner would run it, accepts a real delivery and
refuses tampering."""

import re
from pathlib import Path

import pytest

from companies.webhooks.delivery import webhook_deliver
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db

WEBHOOK_DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verify():
    section = WEBHOOK_DOCS.read_text()
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 (our own docs)
    return namespace["verify"]


def test_the_documented_recipe_verifies_a_delivery_and_refuses_tampering(owner_company, receiver, subscribe):
    verify = documented_verify()
    endpoint, secret = subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={"offerId": "5"})
    webhook_deliver(delivery_id=event.deliveries.get().pk)
    (received,) = receiver.wait_for(1)
    header = received.headers["Jobboard-Signature"]

    assert verify(secret, header, received.body)
    assert not verify(secret, header, received.body.replace(b'"5"', b'"6"'))
    assert not verify("whsec_wrong", header, received.body)
    assert not verify(secret, "t=1,v1=" + header.split("v1=")[1], received.body)  # an old timestamp
    assert not verify(secret, "garbage", received.body)
