"""Notices: a consent recorded with an HS source tells the recipient, once a day per brand."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from schema.relay import pk_of
from server.core.clock import clock
from server.core.tenancy import as_tenant
from tenants.consents.rules import ConsentInput
from tenants.consents.services import record_consent
from tenants.notifications.models import Notice
from tenants.notifications.transports import FileTransport, Transports
from tenants.notifications.worker import OutboxWorker
from tenants.providers.models import Brand
from tests.api.feed.test_consent_changes import record
from tests.api.notifications.helpers import link_token, notify_settings, recording_worker
from tests.graphql import GraphQLClient, make_brand, sign_up


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    return owner, await make_brand(owner)


async def record_later(brand_id: str, **fields: str) -> None:
    """Record a consent a day later, through the service (the test's access token expires)."""
    clock.freeze(clock.now() + timedelta(days=1))
    brand_pk = pk_of(brand_id, "Brand")
    brand = await Brand.get(id=brand_pk)
    values = {"recipient": "05550000001", "type": "MESAJ", "status": "ONAY", "source": "HS_WEB"}
    values |= {"consent_date": (clock.now() - timedelta(hours=1)).isoformat()} | fields
    with as_tenant(brand.tenant_id):
        await record_consent(brand.tenant_id, brand_pk, ConsentInput(**values))


async def test_one_digest_per_address_and_brand_names_the_brand_and_the_channels(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given: SMS and call consents for one phone, an e-mail consent, and a RET
    owner, brand_id = brand
    await record(owner, brand_id, "0555 000 00 01")
    await record(owner, brand_id, "0555 000 00 01", type="ARAMA")
    await record(owner, brand_id, "Ayse@Example.com", type="EPOSTA")
    worker, sent = recording_worker(tmp_path)
    # when
    delivery = await worker.run_once()
    # then
    assert delivery.sent == 2
    by_address = {m.to: m for m in sent.sent}
    sms, email = by_address["+905550000001"], by_address["ayse@example.com"]
    assert (sms.channel, email.channel) == ("SMS", "EPOSTA")
    assert "Örnek" in sms.body
    assert "SMS, arama" in sms.body
    assert "Örnek" in email.subject
    assert "e-posta" in email.body
    assert link_token(sms.body) != link_token(email.body)


async def test_a_stored_name_cannot_break_the_subject_or_reorder_the_text(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given: a brand name stored before control and bidi characters were refused
    owner, brand_id = brand
    stored = "Örnek\r\nBcc: x@example.com\u202e\u200b\x07 Marka"
    row = await Brand.get(id=pk_of(brand_id, "Brand"))
    with as_tenant(row.tenant_id):
        await Brand.filter(id=row.id).update(name=stored)
    await record(owner, brand_id, "0555 000 00 01")
    await record(owner, brand_id, "ayse@example.com", type="EPOSTA")
    worker, sent = recording_worker(tmp_path)
    # when
    await worker.run_once()
    # then
    by_channel = {m.channel: m for m in sent.sent}
    email, sms = by_channel["EPOSTA"], by_channel["SMS"]
    assert email.subject == "Örnek Bcc: x@example.com Marka: ileti izniniz"
    for text in (email.subject, email.body, sms.subject, sms.body):
        assert not any(ch in text for ch in "\r\u202e\u200b\x07"), repr(text)
    assert "Örnek Bcc: x@example.com Marka size" in sms.body


async def test_later_consents_the_same_day_do_not_send_again(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given
    owner, brand_id = brand
    await record(owner, brand_id, "05550000001")
    worker, sent = recording_worker(tmp_path)
    await worker.run_once()
    # when: a newer ONAY and another channel the same day
    await record(owner, brand_id, "05550000001", consentDate="2026-12-03 10:00:00")
    await record(owner, brand_id, "05550000001", type="ARAMA")
    await worker.run_once()
    # then
    assert len(sent.sent) == 1
    # and the next day a new consent is told again
    await record_later(brand_id)
    await worker.run_once()
    assert len(sent.sent) == 2


async def test_rejections_send_nothing(brand: tuple[GraphQLClient, str], tmp_path: Path) -> None:
    # given: one consent, already told about
    owner, brand_id = brand
    await record(owner, brand_id, "05550000001")
    worker, sent = recording_worker(tmp_path)
    await worker.run_once()
    # when: the provider rejects it the next day
    await record_later(brand_id, status="RET", source="HS_KARAR")
    await worker.run_once()
    # then
    assert len(sent.sent) == 1


async def test_a_failing_transport_is_retried_with_backoff_then_given_up(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given
    owner, brand_id = brand
    await record(owner, brand_id, "05550000001")
    worker, sent = recording_worker(tmp_path, max_attempts=3)
    sent.failing = True
    # when: the first try fails, and nothing is due again before the backoff
    first = await worker.run_once()
    too_soon = await worker.run_once()
    clock.freeze(clock.now() + timedelta(seconds=61))
    second = await worker.run_once()
    clock.freeze(clock.now() + timedelta(seconds=121))
    third = await worker.run_once()
    # then
    assert (first.retried, too_soon.retried, second.retried, third.failed) == (1, 0, 1, 1)
    notice = await Notice.get(recipient="+905550000001")
    assert (notice.status, notice.attempts) == ("FAILED", 3)
    assert notice.last_error == "gateway down"


async def test_a_notice_that_failed_once_is_sent_on_the_retry(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given
    owner, brand_id = brand
    await record(owner, brand_id, "05550000001")
    worker, sent = recording_worker(tmp_path)
    sent.failing = True
    await worker.run_once()
    # when
    sent.failing = False
    clock.freeze(clock.now() + timedelta(minutes=2))
    delivery = await worker.run_once()
    # then
    assert delivery.sent == 1
    assert len(sent.sent) == 1


async def test_the_file_transport_writes_a_message_a_newcomer_can_open(
    brand: tuple[GraphQLClient, str], tmp_path: Path
) -> None:
    # given
    owner, brand_id = brand
    await record(owner, brand_id, "ayse@example.com", type="EPOSTA")
    settings = notify_settings(tmp_path)
    folder = tmp_path / "outbox"
    worker = OutboxWorker(settings, Transports.from_settings(settings, tmp_path))
    # when
    await worker.run_once()
    # then
    files = list(folder.iterdir())
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("To: ayse@example.com\n")
    assert "http://izinhub.test/ret/" in text
    assert isinstance(worker.transports.email, FileTransport)
