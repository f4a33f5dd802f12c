"""node(id:) for User and Tenant: your own tenant's objects only; foreign ids look missing."""

from __future__ import annotations

from typing import Any

import pytest

from schema.relay import to_global_id
from tests.api.accounts.documents import signed_up
from tests.graphql import GraphQLClient

NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on User { email fullName role active tenant { slug } }
    ... on Tenant { name slug }
  }
}"""


@pytest.fixture
async def acme(client: GraphQLClient) -> dict[str, Any]:
    return await signed_up(client, "acme")


@pytest.fixture
async def beta(client: GraphQLClient) -> dict[str, Any]:
    return await signed_up(client, "beta", email="beta@example.com")


async def _node(client: GraphQLClient, token: str | None, node_id: str) -> Any:
    data = await client.data(NODE, {"id": node_id}, token=token or "")
    return data["node"]


async def test_user_resolves_by_its_global_id(client: GraphQLClient, acme: dict[str, Any]) -> None:
    # given the owner's global id
    user_id = acme["user"]["id"]
    # when the owner asks for that node
    node = await _node(client, acme["accessToken"], user_id)
    # then it is the owner
    assert node == {
        "__typename": "User",
        "id": user_id,
        "email": "owner@example.com",
        "fullName": "Owner Person",
        "role": "OWNER",
        "active": True,
        "tenant": {"slug": "acme"},
    }


async def test_own_tenant_resolves_by_its_global_id(
    client: GraphQLClient, acme: dict[str, Any]
) -> None:
    # given the owner's tenant id
    tenant_id = acme["user"]["tenant"]["id"]
    # when the owner asks for that node
    node = await _node(client, acme["accessToken"], tenant_id)
    # then it is the tenant
    assert node == {
        "__typename": "Tenant",
        "id": tenant_id,
        "name": "Acme Pazarlama",
        "slug": "acme",
    }


@pytest.mark.parametrize("kind", ["user", "tenant"])
async def test_another_tenants_ids_look_missing(
    client: GraphQLClient, acme: dict[str, Any], beta: dict[str, Any], kind: str
) -> None:
    # given an id of the other tenant's user or of the other tenant itself
    foreign = beta["user"]["id"] if kind == "user" else beta["user"]["tenant"]["id"]
    missing = to_global_id("User" if kind == "user" else "Tenant", 999_999)
    # when acme's owner asks for both it and an id that does not exist
    # then both are the same null
    assert await _node(client, acme["accessToken"], foreign) is None
    assert await _node(client, acme["accessToken"], missing) is None


@pytest.mark.usefixtures("acme")
@pytest.mark.parametrize("node_id", ["", "garbage", to_global_id("Nothing", 1), "VXNlcjp4"])
async def test_malformed_ids_are_null(
    client: GraphQLClient, acme: dict[str, Any], node_id: str
) -> None:
    # given ids that are not ours
    # when they are asked for
    # then the answer is null
    assert await _node(client, acme["accessToken"], node_id) is None


async def test_anonymous_callers_see_no_nodes(client: GraphQLClient, acme: dict[str, Any]) -> None:
    # given the owner's real ids
    # when an anonymous caller asks for them
    # then both are null
    assert await _node(client, None, acme["user"]["id"]) is None
    assert await _node(client, None, acme["user"]["tenant"]["id"]) is None
