"""The recipient portal: a proven address sees and rejects its consents across tenants."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from server.core.clock import clock
from server.core.settings import Settings
from tests.api.feed.test_consent_changes import CHANGES, record
from tests.api.recipients.portal import (
    CONSENTS,
    REJECT_CHANNEL,
    REJECT_ONE,
    REQUEST,
    VERIFY,
    last_code,
    prove,
)
from tests.graphql import GraphQLClient, make_brand, sign_up

STATE = """
query State($brandId: ID!, $type: ConsentType!) {
  consent(brandId: $brandId, recipient: "05550000001", type: $type) { status source }
}"""


@pytest.fixture
def outbox(settings: Settings) -> Path:
    return settings.data_dir / "outbox"


@pytest.fixture
async def world(
    client: GraphQLClient, frozen_clock: object
) -> dict[str, tuple[GraphQLClient, str]]:
    """Two tenants that both hold consents for one phone; one also for another address."""
    first = await sign_up(client, "birinci")
    first_brand = await make_brand(first)
    second = await sign_up(client, "ikinci", email="o@example.com")
    second_brand = await make_brand(second, 700002, 700002)
    await record(first, first_brand, "05550000001")
    await record(first, first_brand, "05550000001", type="ARAMA")
    await record(second, second_brand, "0555 000 0001")
    await record(first, first_brand, "05559999999")
    return {"first": (first, first_brand), "second": (second, second_brand)}


async def test_a_proven_address_sees_every_brand_holding_it_and_nothing_else(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given
    recipient = await prove(client, outbox, "+90 555 000 00 01")
    # when
    consents = (await recipient.data(CONSENTS))["recipientConsents"]
    # then
    assert sorted((c["type"], c["status"]) for c in consents) == [
        ("ARAMA", "ONAY"),
        ("MESAJ", "ONAY"),
        ("MESAJ", "ONAY"),
    ]
    assert {c["providerTitle"] for c in consents} == {"Örnek Ticaret A.Ş."}
    assert "9999999" not in str(consents)


async def test_rejecting_one_writes_iys_web_in_the_owning_tenant_only(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given
    first, first_brand = world["first"]
    second, second_brand = world["second"]
    recipient = await prove(client, outbox, "05550000001")
    consents = (await recipient.data(CONSENTS))["recipientConsents"]
    # when: the second tenant's SMS consent (its brand code is 700002)
    target = [c for c in consents if c["type"] == "MESAJ"]
    result = (await recipient.data(REJECT_ONE, {"id": target[-1]["id"]}))["rejectRecipientConsent"]
    # then
    assert result["rejected"] == 1
    states = {
        name: (await owner.data(STATE, {"brandId": brand, "type": "MESAJ"}))["consent"]
        for name, (owner, brand) in world.items()
    }
    assert sorted(s["status"] for s in states.values()) == ["ONAY", "RET"]
    assert {"status": "RET", "source": "IYS_WEB"} in states.values()
    iys_changes = [
        (await owner.data(CHANGES, {"brandId": brand}))["consentChanges"]["totalCount"]
        for owner, brand in (world["first"], world["second"])
    ]
    assert sorted(iys_changes) == [0, 1]


async def test_rejecting_a_rejected_consent_again_reports_nothing_changed(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given: the recipient rejected one of its consents
    recipient = await prove(client, outbox, "05550000001")
    [calls] = [
        c for c in (await recipient.data(CONSENTS))["recipientConsents"] if c["type"] == "ARAMA"
    ]
    first = (await recipient.data(REJECT_ONE, {"id": calls["id"]}))["rejectRecipientConsent"]
    # when it rejects the same consent again
    again = (await recipient.data(REJECT_ONE, {"id": calls["id"]}))["rejectRecipientConsent"]
    # then the second rejection changed nothing, and says so
    assert (first["rejected"], again["rejected"]) == (1, 0)
    [still] = [c for c in again["consents"] if c["type"] == "ARAMA"]
    assert (still["status"], still["source"]) == ("RET", "IYS_WEB")


async def test_rejecting_a_channel_covers_every_brand(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given
    recipient = await prove(client, outbox, "05550000001")
    # when
    result = (await recipient.data(REJECT_CHANNEL, {"type": "MESAJ"}))["rejectRecipientChannel"]
    again = (await recipient.data(REJECT_CHANNEL, {"type": "MESAJ"}))["rejectRecipientChannel"]
    # then
    assert (result["rejected"], again["rejected"]) == (2, 0)
    by_type = sorted((c["type"], c["status"], c["source"]) for c in result["consents"])
    assert by_type == [
        ("ARAMA", "ONAY", "HS_WEB"),
        ("MESAJ", "RET", "IYS_WEB"),
        ("MESAJ", "RET", "IYS_WEB"),
    ]


async def test_every_code_pair_is_found_a_trader_and_an_e_mail_address_too(
    client: GraphQLClient, frozen_clock: object, outbox: Path
) -> None:
    # given: the address is sought through each brand's consent key, one code pair at a time
    owner = await sign_up(client, "ucuncu")
    brand = await make_brand(owner)
    await record(owner, brand, "05550000002", recipientType="TACIR", type="ARAMA")
    await record(owner, brand, "05550000002")
    await record(owner, brand, "Kisi@Example.com", type="EPOSTA", recipientType="TACIR")
    # when
    phone = await prove(client, outbox, "05550000002")
    mail = await prove(client, outbox, "kisi@example.com")
    rejected = (await phone.data(REJECT_CHANNEL, {"type": "ARAMA"}))["rejectRecipientChannel"]
    # then
    seen = (await mail.data(CONSENTS))["recipientConsents"]
    assert [(c["type"], c["recipientType"]) for c in seen] == [("EPOSTA", "TACIR")]
    assert rejected["rejected"] == 1
    assert sorted((c["type"], c["recipientType"], c["status"]) for c in rejected["consents"]) == [
        ("ARAMA", "TACIR", "RET"),
        ("MESAJ", "BIREYSEL", "ONAY"),
    ]


async def test_a_consent_of_another_address_answers_like_a_missing_one(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given: the other address's consent id, guessed by editing a visible one
    other = await prove(client, outbox, "05559999999")
    [foreign] = (await other.data(CONSENTS))["recipientConsents"]
    recipient = await prove(client, outbox, "05550000001")
    # when
    stolen = (await recipient.data(REJECT_ONE, {"id": foreign["id"]}))["rejectRecipientConsent"]
    missing = (await recipient.data(REJECT_ONE, {"id": "UmVjaXBpZW50Q29uc2VudDo5OTk5"}))[
        "rejectRecipientConsent"
    ]
    # then
    assert stolen == missing == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert (await other.data(CONSENTS))["recipientConsents"][0]["status"] == "ONAY"


async def test_an_unknown_address_gets_a_code_too_and_then_sees_nothing(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # when
    recipient = await prove(client, outbox, "kimse@example.com")
    # then
    assert (await recipient.data(CONSENTS))["recipientConsents"] == []


async def test_three_wrong_tries_spend_the_code(
    client: GraphQLClient, world: object, outbox: Path
) -> None:
    # given
    await client.data(REQUEST, {"address": "05550000001"})
    code = last_code(outbox, "+905550000001")
    wrong = "000000" if code != "000000" else "111111"
    # when
    answers = [
        (await client.data(VERIFY, {"address": "05550000001", "code": c}))["verifyRecipientCode"]
        for c in (wrong, wrong, wrong, code)
    ]
    # then
    assert [a["code"] for a in answers] == [
        "INVALID_CODE",
        "INVALID_CODE",
        "INVALID_CODE",
        "CODE_EXPIRED",
    ]


async def test_a_code_expires_after_fifteen_minutes(
    client: GraphQLClient, world: object, outbox: Path
) -> None:
    # given
    await client.data(REQUEST, {"address": "05550000001"})
    code = last_code(outbox, "+905550000001")
    clock.freeze(clock.now() + timedelta(minutes=15))
    # when
    answer = (await client.data(VERIFY, {"address": "05550000001", "code": code}))[
        "verifyRecipientCode"
    ]
    # then
    assert answer["code"] == "CODE_EXPIRED"


async def test_no_new_code_within_three_minutes_and_only_the_newest_works(
    client: GraphQLClient, world: object, outbox: Path
) -> None:
    # given
    await client.data(REQUEST, {"address": "05550000001"})
    old = last_code(outbox, "+905550000001")
    # when
    soon = (await client.data(REQUEST, {"address": "0555 000 00 01"}))["requestRecipientCode"]
    clock.freeze(clock.now() + timedelta(minutes=3, seconds=1))
    later = (await client.data(REQUEST, {"address": "05550000001"}))["requestRecipientCode"]
    new = last_code(outbox, "+905550000001")
    # then
    assert soon["code"] == "CODE_RECENTLY_SENT"
    assert later["__typename"] == "RecipientCodeSent"
    if old != new:
        stale = await client.data(VERIFY, {"address": "05550000001", "code": old})
        assert stale["verifyRecipientCode"]["code"] == "INVALID_CODE"
    fresh = await client.data(VERIFY, {"address": "05550000001", "code": new})
    assert fresh["verifyRecipientCode"]["__typename"] == "RecipientSession"


async def test_one_client_cannot_ask_for_codes_for_many_addresses(
    client: GraphQLClient, world: object
) -> None:
    # when
    answers = [
        (await client.data(REQUEST, {"address": f"0555100{i:04d}"}))["requestRecipientCode"]
        for i in range(11)
    ]
    # then
    assert [a["__typename"] for a in answers[:10]] == ["RecipientCodeSent"] * 10
    assert answers[10]["code"] == "TOO_MANY_ATTEMPTS"


async def test_one_client_cannot_guess_codes_across_addresses(
    client: GraphQLClient, world: object
) -> None:
    # given: ten addresses with a live code each
    for i in range(10):
        await client.data(REQUEST, {"address": f"0555100{i:04d}"})
    # when: three guesses each, thirty in all, then one more
    answers = [
        (await client.data(VERIFY, {"address": f"0555100{i % 10:04d}", "code": "123456"}))[
            "verifyRecipientCode"
        ]["code"]
        for i in range(31)
    ]
    # then
    assert answers[-1] == "TOO_MANY_ATTEMPTS"


@pytest.mark.parametrize("address", ["", "not an address", "0555", "x" * 400])
async def test_a_bad_address_is_a_clear_error(
    client: GraphQLClient, world: object, address: str
) -> None:
    # when
    answer = (await client.data(REQUEST, {"address": address}))["requestRecipientCode"]
    # then
    assert (answer["code"], answer["field"]) == ("INVALID_ADDRESS", "address")


async def test_the_recipient_token_grants_the_address_and_nothing_of_the_tenants(
    client: GraphQLClient, world: dict[str, tuple[GraphQLClient, str]], outbox: Path
) -> None:
    # given
    owner, brand = world["first"]
    recipient = await prove(client, outbox, "05550000001")
    # when
    tenant_side = await recipient.post(STATE, {"brandId": brand, "type": "MESAJ"})
    user_side = await owner.post(CONSENTS)
    clock.freeze(clock.now() + timedelta(hours=1))
    expired = await recipient.post(CONSENTS)
    # then
    for body in (tenant_side, user_side, expired):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
