"""consents and consent: lists with filters and cursors, and single lookups."""

from __future__ import annotations

import pytest

from tests.api.consents.test_record_consent import RECORD
from tests.graphql import GraphQLClient, make_brand, sign_up

LIST = """
query List($brandId: ID!, $filter: ConsentFilter, $first: Int, $after: String) {
  consents(brandId: $brandId, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { recipient status type brand { brandCode } } }
  }
}"""
ONE = """
query One($brandId: ID!, $recipient: String!) {
  consent(brandId: $brandId, recipient: $recipient, type: MESAJ) { recipient status }
}"""


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    for i in range(7):
        result = await owner.data(
            RECORD,
            {
                "input": {
                    "brandId": brand,
                    "recipient": f"0555000000{i}",
                    "type": "MESAJ",
                    "status": "ONAY",
                    "source": "HS_WEB",
                    "consentDate": "2026-12-03 09:00:00",
                }
            },
        )
        assert result["recordConsent"]["__typename"] == "Consent"
    return owner, brand


async def test_pages_follow_each_other_without_gaps(brand: tuple[GraphQLClient, str]) -> None:
    # given
    owner, brand_id = brand
    seen: list[str] = []
    after = None
    # when
    while True:
        page = (await owner.data(LIST, {"brandId": brand_id, "first": 3, "after": after}))[
            "consents"
        ]
        seen += [e["node"]["recipient"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then
    assert page["totalCount"] == 7
    assert len(seen) == len(set(seen)) == 7
    assert seen[0] == "+905550000006"  # newest first


async def test_filter_by_recipient_spelling_and_status(brand: tuple[GraphQLClient, str]) -> None:
    # given
    owner, brand_id = brand
    # when
    one = await owner.data(LIST, {"brandId": brand_id, "filter": {"recipient": "0 555 000 00 03"}})
    none = await owner.data(LIST, {"brandId": brand_id, "filter": {"status": "RET"}})
    single = await owner.data(ONE, {"brandId": brand_id, "recipient": "+90 555 000 0003"})
    # then
    assert [e["node"]["recipient"] for e in one["consents"]["edges"]] == ["+905550000003"]
    assert none["consents"]["totalCount"] == 0
    assert single["consent"] == {"recipient": "+905550000003", "status": "ONAY"}


@pytest.mark.parametrize(("first", "after"), [(501, None), (-1, None), (10, "bogus")])
async def test_bad_paging_is_a_clear_error(
    brand: tuple[GraphQLClient, str], first: int, after: str | None
) -> None:
    # given
    owner, brand_id = brand
    # when
    body = await owner.post(LIST, {"brandId": brand_id, "first": first, "after": after})
    # then
    assert body["errors"][0]["extensions"]["code"] in {"INVALID_PAGE_SIZE", "INVALID_CURSOR"}
