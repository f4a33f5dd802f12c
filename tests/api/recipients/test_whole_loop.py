"""The whole loop: import, notices, a one-click rejection, the feed, a webhook, a complaint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.core.runtime import Runtime
from tests.api.complaints.test_complaints import complain
from tests.api.feed.test_consent_changes import CHANGES
from tests.api.imports.files import upload
from tests.api.notifications.helpers import link_token, recording_worker
from tests.api.webhooks.test_webhooks import Receiver, create, receiver  # noqa: F401
from tests.graphql import GraphQLClient, make_brand, sign_up

FILE = (
    "ALICI;İZİN TÜRÜ;KAYNAK;DURUM;İZİN TARİHİ\n"
    "0555 000 00 01;MESAJ;HS_WEB;ONAY;2026-12-03 09:00:00\n"
    "0555 000 00 01;ARAMA;HS_WEB;ONAY;2026-12-03 09:00:00\n"
    "ayse@example.com;EPOSTA;HS_WEB;ONAY;2026-12-03 09:00:00\n"
).encode()


async def test_import_to_complaint(
    client: GraphQLClient,
    runtime: Runtime,
    frozen_clock: object,
    receiver: tuple[type[Receiver], str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # given: a brand with a recipient-only webhook, and an imported file
    monkeypatch.setenv("IYS_NOTIFY_WEBHOOKS_DEVELOPMENT", "true")
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    handler, url = receiver
    await create(owner, brand, url, events="RECIPIENT")
    imported = await upload(owner, brand, FILE)
    assert imported["data"]["importConsents"]["__typename"] == "ImportJob", imported
    await runtime.jobs.drain()
    worker, sent = recording_worker(tmp_path, webhooks_development=True)

    # when: the worker sends the notices (one per address), the recipient opens the SMS link
    # and confirms, and the worker runs again
    await worker.run_once()
    sms = next(m for m in sent.sent if m.channel == "SMS")
    assert len(sent.sent) == 2
    assert (await client.http.post(f"/ret/{link_token(sms.body)}")).status_code == 200
    await worker.run_once()

    # then: the rejection is in the feed, reached the webhook, and decides a later complaint
    feed = (await owner.data(CHANGES, {"brandId": brand}))["consentChanges"]
    assert sorted((e["node"]["type"], e["node"]["source"]) for e in feed["edges"]) == [
        ("ARAMA", "IYS_KISAMESAJ"),
        ("MESAJ", "IYS_KISAMESAJ"),
    ]
    [(_, body)] = handler.received
    assert {m["source"] for m in json.loads(body)["list"]} == {"IYS_KISAMESAJ"}
    later = await complain(owner, brand, messageAt="2026-12-03T11:02:00+00:00")
    assert later["verdict"] == "REJECTED_BEFORE"
    assert later["evidence"]["source"] == "IYS_KISAMESAJ"
