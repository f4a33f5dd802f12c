"""Imports under brand scope, and the actor of imported movements."""

from __future__ import annotations

from typing import Any

from server.core.runtime import Runtime
from tests.api.accounts.documents import error_codes
from tests.api.accounts.team import api_key, member
from tests.api.imports.files import upload
from tests.graphql import CREATE_BRAND, GraphQLClient, make_brand, sign_up

CSV = b"recipient,type,source,status,consentDate,recipientType\n05551234567,MESAJ,,ONAY,,TACIR\n"
JOBS = "query($b: ID) { importJobs(brandId: $b) { totalCount } }"
HISTORY = """
query($b: ID!) { consents(brandId: $b) { edges { node { history {
  actorUser { email } actorApiKey { name } } } } } }"""


async def _two_brands(owner: GraphQLClient) -> tuple[str, str]:
    brand_a = await make_brand(owner)
    provider = await owner.data(
        "query($id: ID!) { node(id: $id) { ... on Brand { provider { id } } } }", {"id": brand_a}
    )
    brand_b = await owner.data(
        CREATE_BRAND,
        {"input": {"providerId": provider["node"]["provider"]["id"], "name": "B", "brandCode": 2}},
    )
    return brand_a, brand_b["createBrand"]["id"]


async def test_a_limited_user_imports_only_into_its_brands(
    client: GraphQLClient, runtime: Runtime
) -> None:
    # given a user limited to brand B, and a job of brand A
    owner = await sign_up(client, "ajans")
    brand_a, brand_b = await _two_brands(owner)
    assert (await upload(owner, brand_a, CSV))["data"]["importConsents"]["__typename"] == (
        "ImportJob"
    )
    limited, _ = await member(owner, "sinirli@example.com", "EDITOR", [brand_b])
    # when it imports into A and into B, and lists jobs
    into_a = await upload(limited, brand_a, CSV)
    into_b = await upload(limited, brand_b, CSV)
    await runtime.jobs.drain()
    listed = await limited.data(JOBS, {"b": None})
    # then A answers like a missing brand, B works, and only B's job is listed
    assert into_a["data"]["importConsents"]["__typename"] == "NotFoundError"
    assert into_b["data"]["importConsents"]["__typename"] == "ImportJob"
    assert listed["importJobs"]["totalCount"] == 1


async def test_a_type_limited_user_cannot_import(client: GraphQLClient) -> None:
    # given a user that may write only SMS consents
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    types = [{"type": "MESAJ", "access": "WRITE"}]
    limited, _ = await member(owner, "sinirli@example.com", "EDITOR", None, types)
    # when it uploads a file (which may hold any type)
    body = await upload(limited, brand, CSV)
    # then it is forbidden
    assert error_codes(body) == {"importConsents": "FORBIDDEN"}


async def test_imported_movements_name_the_key(
    client: GraphQLClient, runtime: Runtime, frozen_clock: Any
) -> None:
    # given an editor key
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    key, _ = await api_key(owner, "EDITOR", "CRM")
    # when it imports a file
    assert (await upload(key, brand, CSV))["data"]["importConsents"]["__typename"] == "ImportJob"
    await runtime.jobs.drain()
    # then the movement names the key, and the upload is audited
    data = await owner.data(HISTORY, {"b": brand})
    assert data["consents"]["edges"][0]["node"]["history"] == [
        {"actorUser": None, "actorApiKey": {"name": "CRM"}}
    ]
    events = await owner.data('{ auditEvents(filter: {action: "import.create"}) { totalCount } }')
    assert events["auditEvents"]["totalCount"] == 1
