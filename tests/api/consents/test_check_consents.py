"""checkConsents: who may be messaged, in the order given, with a reason each."""

from __future__ import annotations

import pytest

from tests.api.consents.test_record_consent import RECORD
from tests.graphql import GraphQLClient, make_brand, sign_up

CHECK = """
query Check($brandId: ID!, $type: ConsentType!, $recipientType: RecipientType, $recipients: [String!]!) {
  checkConsents(brandId: $brandId, type: $type, recipientType: $recipientType, recipients: $recipients) {
    recipient normalizedRecipient allowed reason
  }
}"""


@pytest.fixture
async def owner(client: GraphQLClient, frozen_clock: object) -> GraphQLClient:
    return await sign_up(client, "ajans")


async def _record(
    client: GraphQLClient,
    brand: str,
    recipient: str,
    status: str,
    when: str,
    recipient_type: str = "BIREYSEL",
    type: str = "MESAJ",
) -> None:
    result = await client.data(
        RECORD,
        {
            "input": {
                "brandId": brand,
                "recipient": recipient,
                "type": type,
                "status": status,
                "source": "HS_WEB",
                "consentDate": when,
                "recipientType": recipient_type,
            }
        },
    )
    assert result["recordConsent"]["__typename"] == "Consent", result


async def _check(client: GraphQLClient, brand: str, recipients: list[str], **kw: str) -> list[dict]:
    data = await client.data(
        CHECK,
        {
            "brandId": brand,
            "type": kw.get("type", "MESAJ"),
            "recipientType": kw.get("recipientType", "BIREYSEL"),
            "recipients": recipients,
        },
    )
    return list(data["checkConsents"])


async def test_answers_in_order_with_reasons(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, "05550000001", "ONAY", "2026-12-03 09:00:00")
    await _record(owner, brand, "05550000002", "ONAY", "2026-12-03 09:00:00")
    await _record(owner, brand, "05550000002", "RET", "2026-12-03 10:00:00")
    # when
    answers = await _check(
        owner,
        brand,
        [
            "0555 000 00 02",
            "+90 (555) 000-0001",
            "5550000003",
            "kim bu",
            "ali@example.com",
            "905550000001",
        ],
    )
    # then
    assert [(a["allowed"], a["reason"]) for a in answers] == [
        (False, "RET"),
        (True, "ONAY"),
        (False, "NO_CONSENT"),
        (False, "INVALID_RECIPIENT"),
        (False, "TYPE_MISMATCH"),
        (True, "ONAY"),
    ]
    assert answers[0]["recipient"] == "0555 000 00 02"
    assert answers[0]["normalizedRecipient"] == "+905550000002"
    assert answers[3]["normalizedRecipient"] is None


async def test_tacir_without_record_may_be_messaged_until_ret(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, "05550000009", "ONAY", "2026-12-03 09:00:00", "TACIR")
    await _record(owner, brand, "05550000009", "RET", "2026-12-03 10:00:00", "TACIR")
    # when
    answers = await _check(owner, brand, ["05550000008", "05550000009"], recipientType="TACIR")
    # then
    assert [(a["allowed"], a["reason"]) for a in answers] == [
        (True, "TACIR_NO_RECORD"),
        (False, "RET"),
    ]


async def test_bireysel_record_does_not_answer_for_tacir(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    await _record(owner, brand, "05550000007", "ONAY", "2026-12-03 09:00:00")
    # when
    answers = await _check(owner, brand, ["05550000007"], type="ARAMA")
    # then: the MESAJ consent says nothing about calls
    assert answers[0]["reason"] == "NO_CONSENT"


async def test_ten_thousand_is_the_limit(owner: GraphQLClient) -> None:
    # given
    brand = await make_brand(owner)
    recipients = [f"0555{i:07d}" for i in range(10_001)]
    # when
    body = await owner.post(CHECK, {"brandId": brand, "type": "MESAJ", "recipients": recipients})
    ok = await _check(owner, brand, recipients[:10_000])
    # then
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_RECIPIENTS"
    assert len(ok) == 10_000


async def test_foreign_brand_answers_not_found(client: GraphQLClient, owner: GraphQLClient) -> None:
    # given
    other = await sign_up(client, "baska", email="b@example.com")
    foreign = await make_brand(other)
    # when
    body = await owner.post(CHECK, {"brandId": foreign, "type": "MESAJ", "recipients": ["1"]})
    missing = await owner.post(CHECK, {"brandId": "nonsense", "type": "MESAJ", "recipients": ["1"]})
    # then
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["message"] == missing["errors"][0]["message"]
