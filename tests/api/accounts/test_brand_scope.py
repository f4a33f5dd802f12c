"""A brand-limited user sees only its brands, and per consent type reads or writes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.accounts.documents import error_codes
from tests.api.accounts.team import member
from tests.graphql import CREATE_BRAND, CREATE_PROVIDER, GraphQLClient, make_brand, sign_up

RECORD = """
mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) { __typename ... on Error { code } }
}"""
STATS = "query($id: ID!) { node(id: $id) { ... on Brand { stats { approval total } } } }"


def _consent(brand: str, type: str, recipient: str) -> dict[str, Any]:
    return {
        "brandId": brand,
        "recipient": recipient,
        "type": type,
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": "2026-12-03 10:00:00",
    }


@pytest.fixture
async def agency(client: GraphQLClient, frozen_clock: Any) -> dict[str, Any]:
    """Brands A and B of two providers, with one SMS and one e-mail consent on B; a user
    limited to B with MESAJ write and EPOSTA read."""
    owner = await sign_up(client, "ajans")
    brand_a = await make_brand(owner)
    provider_b = await owner.data(
        CREATE_PROVIDER, {"input": {"title": "B A.Ş.", "iysCode": 700002, "tin": "4540536920"}}
    )
    brand_b = (
        await owner.data(
            CREATE_BRAND,
            {
                "input": {
                    "providerId": provider_b["createProvider"]["id"],
                    "name": "B",
                    "brandCode": 1,
                }
            },
        )
    )["createBrand"]["id"]
    for type, recipient in (("MESAJ", "05551234567"), ("EPOSTA", "a@example.com")):
        await owner.data(RECORD, {"input": _consent(brand_b, type, recipient)})
    types = [{"type": "MESAJ", "access": "WRITE"}, {"type": "EPOSTA", "access": "READ"}]
    limited, _ = await member(owner, "sinirli@example.com", "EDITOR", [brand_b], types)
    return {"owner": owner, "limited": limited, "a": brand_a, "b": brand_b}


async def test_lists_show_only_the_brands_in_scope(agency: dict[str, Any]) -> None:
    # when the limited user lists providers and brands
    data = await agency["limited"].data(
        "{ providers { totalCount edges { node { title brands { totalCount } } } } "
        "brands { totalCount edges { node { id } } } }"
    )
    # then only brand B and its provider appear
    assert data["providers"]["totalCount"] == 1
    assert data["providers"]["edges"][0]["node"] == {"title": "B A.Ş.", "brands": {"totalCount": 1}}
    assert [e["node"]["id"] for e in data["brands"]["edges"]] == [agency["b"]]


async def test_a_brand_outside_the_scope_answers_like_a_missing_one(
    agency: dict[str, Any],
) -> None:
    limited, brand_a = agency["limited"], agency["a"]
    # when the limited user looks brand A up, lists its consents or records one there
    node = await limited.data("query($id: ID!) { node(id: $id) { id } }", {"id": brand_a})
    listed = await limited.post(
        "query($b: ID!) { consents(brandId: $b) { totalCount } }", {"b": brand_a}
    )
    recorded = await limited.data(RECORD, {"input": _consent(brand_a, "MESAJ", "05551234567")})
    # then each answer is exactly what a missing brand gives
    assert node["node"] is None
    assert error_codes(listed) == {"consents": "NOT_FOUND"}
    assert recorded["recordConsent"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_types_limit_reading_and_writing(agency: dict[str, Any]) -> None:
    limited, brand_b = agency["limited"], agency["b"]
    # when the limited user records SMS and e-mail consents on brand B, and checks calls
    sms = await limited.data(RECORD, {"input": _consent(brand_b, "MESAJ", "05551234568")})
    mail = await limited.post(RECORD, {"input": _consent(brand_b, "EPOSTA", "b@example.com")})
    calls = await limited.post(
        'query($b: ID!) { checkConsents(brandId: $b, type: ARAMA, recipients: ["05551234567"]) '
        "{ allowed } }",
        {"b": brand_b},
    )
    # then SMS (write) is stored, e-mail (read only) and calls (no right) are forbidden
    assert sms["recordConsent"]["__typename"] == "Consent"
    assert error_codes(mail) == {"recordConsent": "FORBIDDEN"}
    assert error_codes(calls) == {"checkConsents": "FORBIDDEN"}


async def test_counts_include_only_the_readable_types(agency: dict[str, Any]) -> None:
    # given the limited user with MESAJ and EPOSTA, and a call consent on B it may not read
    await agency["owner"].data(RECORD, {"input": _consent(agency["b"], "ARAMA", "05551234569")})
    # when it and the owner read brand B's stats and consents
    query = "query($id: ID!) { consents(brandId: $id) { totalCount } }"
    limited_stats = await agency["limited"].data(STATS, {"id": agency["b"]})
    owner_stats = await agency["owner"].data(STATS, {"id": agency["b"]})
    limited_list = await agency["limited"].data(query, {"id": agency["b"]})
    # then the limited user's counts leave the call consent out
    assert limited_stats["node"]["stats"] == {"approval": 2, "total": 2}
    assert owner_stats["node"]["stats"] == {"approval": 3, "total": 3}
    assert limited_list["consents"]["totalCount"] == 2


async def test_a_limited_admin_administers_nothing(client: GraphQLClient) -> None:
    # given an admin limited to one brand
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    admin, _ = await member(owner, "admin@example.com", "ADMIN", [brand])
    # when it tries to list users, keys or the audit trail
    fields = ("users", "apiKeys", "auditEvents")
    bodies = [await admin.post(f"{{ {name} {{ totalCount }} }}") for name in fields]
    # then each is forbidden: it could otherwise widen its own scope
    assert [error_codes(body) for body in bodies] == [{name: "FORBIDDEN"} for name in fields]
