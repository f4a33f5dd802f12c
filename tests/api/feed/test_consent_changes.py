"""consentChanges: a brand's movements in creation order, polled without gaps or duplicates."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.accounts.team import member
from tests.api.consents.test_record_consent import RECORD
from tests.graphql import GraphQLClient, make_brand, sign_up

CHANGES = """
query Changes($brandId: ID!, $source: ChangeSource, $first: Int, $after: String) {
  consentChanges(brandId: $brandId, source: $source, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { recipient type status source transactionId consentId brandId } }
  }
}"""


async def record(owner: GraphQLClient, brand: str, recipient: str, **fields: Any) -> None:
    payload = {
        "brandId": brand,
        "recipient": recipient,
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": "2026-12-03 09:00:00",
        **fields,
    }
    result = await owner.data(RECORD, {"input": payload})
    assert result["recordConsent"]["__typename"] == "Consent", result


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    for i in range(5):
        await record(owner, brand, f"0555000000{i}")
    return owner, brand


async def _poll(owner: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await owner.data(CHANGES, variables))["consentChanges"]
    return result


async def test_polls_continue_after_the_cursor_without_gaps_or_duplicates(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given
    owner, brand_id = brand
    first = await _poll(owner, {"brandId": brand_id, "source": "HS", "first": 3})
    # when: two more movements arrive between polls
    await record(owner, brand_id, "05550000005")
    await record(
        owner,
        brand_id,
        "05550000000",
        status="RET",
        source="HS_KARAR",
        consentDate="2026-12-03 10:00:00",
    )
    rest = await _poll(
        owner, {"brandId": brand_id, "source": "HS", "after": first["pageInfo"]["endCursor"]}
    )
    # then
    seen = [e["node"] for e in first["edges"] + rest["edges"]]
    assert [n["recipient"][-1] for n in seen] == ["0", "1", "2", "3", "4", "5", "0"]
    assert [n["status"] for n in seen][-1] == "RET"
    assert len({n["transactionId"] for n in seen}) == 7
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["totalCount"] == 7


async def test_an_empty_poll_has_no_cursor_so_the_client_keeps_its_own(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given
    owner, brand_id = brand
    last = (await _poll(owner, {"brandId": brand_id, "source": "HS"}))["pageInfo"]["endCursor"]
    # when
    page = await _poll(owner, {"brandId": brand_id, "source": "HS", "after": last})
    # then
    assert page["edges"] == []
    assert page["pageInfo"] == {"hasNextPage": False, "endCursor": None}


async def test_source_defaults_to_recipient_made_changes(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given: only HS movements so far
    owner, brand_id = brand
    # when
    page = await _poll(owner, {"brandId": brand_id})
    # then
    assert page["totalCount"] == 0


@pytest.mark.parametrize("first", [-1, 1001])
async def test_page_size_is_bounded(brand: tuple[GraphQLClient, str], first: int) -> None:
    # given
    owner, brand_id = brand
    # when
    body = await owner.post(CHANGES, {"brandId": brand_id, "first": first})
    # then
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_a_malformed_cursor_is_a_clear_error(brand: tuple[GraphQLClient, str]) -> None:
    # given
    owner, brand_id = brand
    # when
    body = await owner.post(CHANGES, {"brandId": brand_id, "after": "bm9wZQ"})
    # then
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_another_tenants_brand_answers_like_a_missing_one(
    client: GraphQLClient, brand: tuple[GraphQLClient, str]
) -> None:
    # given
    _, brand_id = brand
    stranger = await sign_up(client, "yabanci", email="s@example.com")
    # when
    foreign = await stranger.post(CHANGES, {"brandId": brand_id, "source": "HS"})
    missing = await stranger.post(CHANGES, {"brandId": "QnJhbmQ6OTk5", "source": "HS"})
    # then
    assert foreign["data"] is None
    assert foreign["errors"][0]["extensions"] == missing["errors"][0]["extensions"]
    assert foreign["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_limited_member_sees_only_its_brands_and_types(
    brand: tuple[GraphQLClient, str],
) -> None:
    # given: a member limited to e-mail consents of this brand, and a second brand
    owner, brand_id = brand
    await record(owner, brand_id, "ayse@example.com", type="EPOSTA")
    other_brand = await make_brand(owner, 700002, 700002)
    reader, _ = await member(
        owner, "okur@example.com", "VIEWER", [brand_id], [{"type": "EPOSTA", "access": "READ"}]
    )
    # when
    page = await _poll(reader, {"brandId": brand_id, "source": "HS"})
    other = await reader.post(CHANGES, {"brandId": other_brand, "source": "HS"})
    # then
    assert [e["node"]["recipient"] for e in page["edges"]] == ["ayse@example.com"]
    assert page["totalCount"] == 1
    assert other["errors"][0]["extensions"]["code"] == "NOT_FOUND"
