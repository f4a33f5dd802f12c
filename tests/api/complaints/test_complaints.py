"""Complaints: evidence from the history at the message's time, verdicts, and the workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.core.settings import Settings
from tenants.complaints.screenshots import MAX_SCREENSHOT_BYTES
from tests.api.complaints.documents import (
    COMPLAINT,
    COMPLAINTS,
    FILE_RECIPIENT,
    PNG,
    RECORD_COMPLAINT,
    UPDATE_COMPLAINT,
    with_file,
)
from tests.api.feed.test_consent_changes import record
from tests.api.recipients.portal import CONSENTS, REJECT_CHANNEL, prove
from tests.graphql import GraphQLClient, make_brand, sign_up

# The frozen clock is 2026-12-03 11:00 UTC. The consent is dated 06:00 UTC (09:00 Istanbul).


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    await record(owner, brand, "05550000001")
    return owner, brand


async def complain(owner: GraphQLClient, brand: str, **fields: Any) -> dict[str, Any]:
    payload = {
        "brandId": brand,
        "recipient": "0555 000 00 01",
        "type": "MESAJ",
        "messageAt": "2026-12-03T10:00:00+00:00",
        "content": "Kampanya! Bugün %50 indirim.",
        **fields,
    }
    result: dict[str, Any] = (await owner.data(RECORD_COMPLAINT, {"input": payload}))[
        "recordComplaint"
    ]
    return result


async def test_a_message_after_the_consent_has_valid_consent_as_evidence(
    brand: tuple[GraphQLClient, str],
) -> None:
    # when
    complaint = await complain(*brand)
    # then
    assert complaint["verdict"] == "CONSENT_VALID"
    assert complaint["evidence"]["status"] == "ONAY"
    assert complaint["evidence"]["source"] == "HS_WEB"
    assert complaint["evidence"]["consentDate"] == "2026-12-03T06:00:00+00:00"
    assert len(complaint["evidence"]["transactionId"]) == 64
    assert (complaint["status"], complaint["filedBy"]) == ("OPEN", "TENANT")


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"messageAt": "2026-12-03T05:59:59+00:00"}, "NO_CONSENT"),
        ({"recipient": "05559999999"}, "NO_CONSENT"),
        ({"type": "ARAMA"}, "NO_CONSENT"),
        ({"informational": "INVOICE"}, "EXEMPT"),
    ],
)
async def test_verdicts(
    brand: tuple[GraphQLClient, str], fields: dict[str, str], verdict: str
) -> None:
    # when
    complaint = await complain(*brand, **fields)
    # then
    assert complaint["verdict"] == verdict


async def test_a_message_after_the_recipients_rejection_is_rejected_before(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], settings: Settings
) -> None:
    # given: the recipient rejects through the portal at 11:00 UTC
    owner, brand_id = brand
    recipient = await prove(client, settings.data_dir / "outbox", "05550000001")
    await recipient.data(REJECT_CHANNEL, {"type": "MESAJ"})
    # when: a message came after it, and another before it
    after = await complain(owner, brand_id, messageAt="2026-12-03T11:00:01+00:00")
    before = await complain(owner, brand_id, messageAt="2026-12-03T10:59:00+00:00")
    # then
    assert after["verdict"] == "REJECTED_BEFORE"
    assert after["evidence"]["source"] == "IYS_WEB"
    assert before["verdict"] == "CONSENT_VALID"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"recipient": "kimse"}, "INVALID_RECIPIENT", "recipient"),
        ({"recipient": "a@example.com"}, "INVALID_RECIPIENT", "recipient"),
        ({"content": "   "}, "CONTENT_REQUIRED", "content"),
        ({"content": "x" * 5001}, "CONTENT_TOO_LONG", "content"),
        ({"messageAt": "2026-12-04T11:00:00+00:00"}, "MESSAGE_IN_FUTURE", "messageAt"),
    ],
)
async def test_bad_input_is_a_clear_error(
    brand: tuple[GraphQLClient, str], fields: dict[str, str], code: str, field: str
) -> None:
    # when
    result = await complain(*brand, **fields)
    # then
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        code,
        field,
    )


async def test_the_workflow_assigns_dates_notes_and_moves_only_where_allowed(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given
    owner, brand_id = brand
    complaint = await complain(owner, brand_id)
    me = (await owner.data("{ me { id } }"))["me"]["id"]

    async def update(**fields: Any) -> dict[str, Any]:
        variables = {"input": {"id": complaint["id"], **fields}}
        result: dict[str, Any] = (await owner.data(UPDATE_COMPLAINT, variables))["updateComplaint"]
        return result

    # when
    reviewing = await update(
        status="IN_REVIEW", assigneeId=me, dueDate="2026-12-10", note="Müşteriyi arayalım."
    )
    marked = await update(informational="DELIVERY", note="Kargo bildirimi.")
    resolved = await update(status="RESOLVED")
    wrong = await update(status="IN_REVIEW")
    cleared = await update(assigneeId=None, dueDate=None, informational=None)
    # then
    assert reviewing["status"] == "IN_REVIEW"
    assert reviewing["assignee"] == {"id": me}
    assert reviewing["dueDate"] == "2026-12-10"
    assert marked["verdict"] == "EXEMPT"
    assert [n["text"] for n in marked["notes"]] == ["Müşteriyi arayalım.", "Kargo bildirimi."]
    assert marked["notes"][0]["authorId"] == me
    assert resolved["status"] == "RESOLVED"
    assert (wrong["code"], wrong["field"]) == ("INVALID_TRANSITION", "status")
    assert (cleared["assignee"], cleared["dueDate"], cleared["verdict"]) == (
        None,
        None,
        "CONSENT_VALID",
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"assigneeId": "VXNlcjo5OTk="}, "INVALID_ASSIGNEE"),
        ({"dueDate": "10.12.2026"}, "INVALID_DATE"),
        ({"dueDate": "20261201xx"}, "INVALID_DATE"),
        ({"dueDate": "2026-W01-1"}, "INVALID_DATE"),
        ({"dueDate": "2026-12-0١"}, "INVALID_DATE"),
        ({"note": "x" * 5001}, "NOTE_TOO_LONG"),
    ],
)
async def test_bad_updates_are_clear_errors(
    brand: tuple[GraphQLClient, str], fields: dict[str, str], code: str
) -> None:
    # given
    owner, brand_id = brand
    complaint = await complain(owner, brand_id)
    # when
    result = (await owner.data(UPDATE_COMPLAINT, {"input": {"id": complaint["id"], **fields}}))[
        "updateComplaint"
    ]
    # then
    assert result["code"] == code


async def test_the_inbox_lists_and_filters_newest_first(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given
    owner, brand_id = brand
    first = await complain(owner, brand_id)
    second = await complain(owner, brand_id, content="İkinci ileti")
    await owner.data(UPDATE_COMPLAINT, {"input": {"id": first["id"], "status": "REJECTED"}})
    # when
    everything = (await owner.data(COMPLAINTS))["complaints"]
    open_only = (await owner.data(COMPLAINTS, {"status": "OPEN"}))["complaints"]
    one = (await owner.data(COMPLAINT, {"id": first["id"]}))["complaint"]
    # then
    assert [e["node"]["id"] for e in everything["edges"]] == [second["id"], first["id"]]
    assert [e["node"]["id"] for e in open_only["edges"]] == [second["id"]]
    assert one["status"] == "REJECTED"


async def test_another_tenant_sees_none_of_it(
    client: GraphQLClient, brand: tuple[GraphQLClient, str]
) -> None:
    # given
    owner, brand_id = brand
    complaint = await complain(owner, brand_id)
    stranger = await sign_up(client, "yabanci", email="s@example.com")
    # when
    one = (await stranger.data(COMPLAINT, {"id": complaint["id"]}))["complaint"]
    listed = (await stranger.data(COMPLAINTS, {"brandId": brand_id}))["complaints"]
    updated = (
        await stranger.data(UPDATE_COMPLAINT, {"input": {"id": complaint["id"], "note": "x"}})
    )["updateComplaint"]
    filed = await complain(stranger, brand_id)
    # then
    assert one is None
    assert listed["totalCount"] == 0
    assert updated == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert filed == {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_a_recipient_files_with_a_screenshot_the_team_can_download(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], settings: Settings
) -> None:
    # given
    owner, _ = brand
    recipient = await prove(client, settings.data_dir / "outbox", "05550000001")
    [consent] = (await recipient.data(CONSENTS))["recipientConsents"]
    payload = {
        "consentId": consent["id"],
        "type": "MESAJ",
        "messageAt": "2026-12-03T10:30:00+03:00",
        "content": "İstemediğim bir kampanya SMS'i",
    }
    # when
    body = await with_file(recipient, FILE_RECIPIENT, {"input": payload}, PNG)
    # then
    assert body["data"]["fileRecipientComplaint"]["status"] == "OPEN"
    [edge] = (await owner.data(COMPLAINTS))["complaints"]["edges"]
    complaint = edge["node"]
    assert (complaint["filedBy"], complaint["verdict"]) == ("RECIPIENT", "CONSENT_VALID")
    image = await client.http.get(
        complaint["screenshotPath"], headers={"authorization": f"Bearer {owner.token}"}
    )
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content == PNG
    anonymous = await client.http.get(complaint["screenshotPath"])
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (PNG + bytes(MAX_SCREENSHOT_BYTES), "SCREENSHOT_TOO_LARGE"),
        (b"<svg onload=alert(1)>" + bytes(64), "SCREENSHOT_FORMAT"),
        (b"", "SCREENSHOT_FORMAT"),
    ],
)
async def test_a_huge_or_malformed_screenshot_is_refused(
    brand: tuple[GraphQLClient, str], content: bytes, code: str
) -> None:
    # given
    owner, brand_id = brand
    payload = {
        "brandId": brand_id,
        "recipient": "05550000001",
        "type": "MESAJ",
        "messageAt": "2026-12-03T10:00:00+00:00",
        "content": "Kampanya",
    }
    # when
    body = await with_file(owner, RECORD_COMPLAINT, {"input": payload}, content)
    # then
    result = body["data"]["recordComplaint"]
    assert (result["code"], result["field"]) == (code, "screenshot")
    assert (await owner.data(COMPLAINTS))["complaints"]["totalCount"] == 0


async def test_a_recipient_cannot_complain_through_another_addresss_consent(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], settings: Settings
) -> None:
    # given
    owner, brand_id = brand
    await record(owner, brand_id, "05559999999")
    outbox: Path = settings.data_dir / "outbox"
    other = await prove(client, outbox, "05559999999")
    [foreign] = (await other.data(CONSENTS))["recipientConsents"]
    recipient = await prove(client, outbox, "05550000001")
    payload = {
        "consentId": foreign["id"],
        "type": "MESAJ",
        "messageAt": "2026-12-03T10:00:00+00:00",
        "content": "x",
    }
    # when
    result = (await recipient.data(FILE_RECIPIENT, {"input": payload}))["fileRecipientComplaint"]
    wrong_channel = (
        await recipient.data(
            FILE_RECIPIENT,
            {
                "input": payload
                | {
                    "consentId": (await recipient.data(CONSENTS))["recipientConsents"][0]["id"],
                    "type": "EPOSTA",
                }
            },
        )
    )["fileRecipientComplaint"]
    # then
    assert result == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert wrong_channel["code"] == "INVALID_RECIPIENT"
