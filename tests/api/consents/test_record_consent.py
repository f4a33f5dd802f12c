"""recordConsent: every İYS rule through the API, with İYS's codes."""

from __future__ import annotations

import asyncio

import pytest

from tests.graphql import GraphQLClient, make_brand, sign_up

RECORD = """
mutation Record($input: RecordConsentInput!) {
  recordConsent(input: $input) {
    __typename
    ... on Consent { id recipient type recipientType status source consentDate creationDate
                     transactionId history { status source transactionId } }
    ... on ConsentRejected { code message field }
    ... on NotFoundError { code message }
  }
}"""

# The frozen clock is Thursday 2026-12-03 14:00 Istanbul.
TODAY = "2026-12-03 10:00:00"


async def _record(client: GraphQLClient, brand: str, **fields: object) -> dict:
    payload = {
        "brandId": brand,
        "recipient": "05551234567",
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": TODAY,
        **fields,
    }
    data = await client.data(RECORD, {"input": payload})
    return data["recordConsent"]


@pytest.fixture
async def owner(client: GraphQLClient, frozen_clock: object) -> GraphQLClient:
    return await sign_up(client, "ajans")


async def test_first_onay_is_stored_normalised(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    # when
    result = await _record(owner, brand, recipient="0 (555) 123-4567")
    # then
    assert result["__typename"] == "Consent"
    assert result["recipient"] == "+905551234567"
    assert result["consentDate"] == "2026-12-03T07:00:00+00:00"
    assert len(result["transactionId"]) == 64
    assert [m["status"] for m in result["history"]] == ["ONAY"]


async def test_every_spelling_reaches_the_same_consent(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, recipient="+90 (555) 000-0001")
    # when
    result = await _record(
        owner, brand, recipient="905550000001", status="RET", consentDate="2026-12-03 11:00:00"
    )
    # then
    assert result["__typename"] == "Consent"
    assert [m["status"] for m in result["history"]] == ["RET", "ONAY"]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"status": "RET"}, "H175", "status"),
        ({"consentDate": "2026-12-05 10:00:00"}, "H162", "consentDate"),
        ({"consentDate": "2014-06-01 12:00:00"}, "H156", "consentDate"),
        ({"source": "HS_2015", "consentDate": "2016-01-01 00:00:00"}, "H155", "consentDate"),
        ({"consentDate": "2026-11-20 10:00:00"}, "H467", "consentDate"),
        ({"recipient": "someone@example.com"}, "H464", "recipient"),
        ({"recipient": "+90555"}, "H121", "recipient"),
        ({"type": "EPOSTA", "recipient": "ali@@example"}, "H120", "recipient"),
        ({"source": "IYS_WEB"}, "H119", "source"),
        ({"consentDate": "03/12/2026"}, "H158", "consentDate"),
        ({"source": "HS_KARAR", "status": "ONAY"}, "H408", "source"),
    ],
)
async def test_stateless_rules_answer_with_iys_codes(
    owner: GraphQLClient, fields: dict, code: str, field: str
) -> None:
    # given
    brand = await make_brand(owner)
    # when
    result = await _record(owner, brand, **fields)
    # then
    assert result["__typename"] == "ConsentRejected"
    assert (result["code"], result["field"]) == (code, field)
    assert result["message"]


async def test_ret_after_ret_is_h174_and_older_date_is_h178(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, consentDate="2026-12-03 09:00:00")
    await _record(owner, brand, status="RET", consentDate="2026-12-03 10:00:00")
    # when
    again = await _record(owner, brand, status="RET", consentDate="2026-12-03 11:00:00")
    older = await _record(owner, brand, status="ONAY", consentDate="2026-12-03 08:00:00")
    # then
    assert again["code"] == "H174"
    assert older["code"] == "H178"


async def test_identical_resend_adds_no_movement(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    first = await _record(owner, brand)
    # when
    second = await _record(owner, brand)
    # then
    assert second["transactionId"] == first["transactionId"]
    assert len(second["history"]) == 1


async def test_tacir_may_omit_source_and_date_first_but_not_on_update(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    first = await _record(owner, brand, recipientType="TACIR", source=None, consentDate=None)
    # when
    update = await _record(
        owner, brand, recipientType="TACIR", status="RET", source=None, consentDate=None
    )
    # then
    assert first["__typename"] == "Consent"
    assert first["source"] is None
    assert update["code"] == "H462"


async def test_english_messages_on_request(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    owner.headers["accept-language"] = "en-US,en;q=0.9"
    # when
    result = await _record(owner, brand, status="RET")
    # then
    assert result["code"] == "H175"
    assert "RET" in result["message"]
    assert "İlk" not in result["message"]


async def test_foreign_brand_is_not_found(client: GraphQLClient, owner: GraphQLClient) -> None:
    # given
    other = await sign_up(client, "baska-ajans", email="other@example.com")
    foreign_brand = await make_brand(other)
    # when
    result = await _record(owner, foreign_brand)
    # then
    assert result == {
        "__typename": "NotFoundError",
        "code": "NOT_FOUND",
        "message": result["message"],
    }


async def test_concurrent_writes_never_break_a_rule(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, consentDate="2026-12-03 09:00:00")
    # when: ten RETs race for the same consent
    results = await asyncio.gather(
        *[
            _record(owner, brand, status="RET", consentDate=f"2026-12-03 10:00:{i:02d}")
            for i in range(10)
        ]
    )
    # then: exactly one wins; the others see RET already stored
    kinds = sorted(r.get("code", r["__typename"]) for r in results)
    assert kinds.count("Consent") == 1
    assert set(kinds) - {"Consent"} <= {"H174", "H178"}


async def test_concurrent_first_records_make_one_consent(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    # when
    results = await asyncio.gather(
        *[_record(owner, brand, consentDate=f"2026-12-03 10:00:{i:02d}") for i in range(8)]
    )
    # then: every accepted write is a movement of one consent, in a consistent order
    consents = {r["id"] for r in results if r["__typename"] == "Consent"}
    assert len(consents) == 1
    final = await _record(owner, brand, consentDate="2026-12-03 10:00:59")
    assert len(final["history"]) == 1 + sum(r["__typename"] == "Consent" for r in results)
