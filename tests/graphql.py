"""A small GraphQL client for tests, with helpers to sign up and act as a user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        **extra_headers: str,
    ) -> dict[str, Any]:
        headers = {**self.headers, **extra_headers}
        bearer = token if token is not None else self.token
        if bearer:
            headers["authorization"] = f"Bearer {bearer}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The data of a call that must not produce errors."""
        body = await self.post(query, variables, **kwargs)
        assert not body.get("errors"), body
        result: dict[str, Any] = body["data"]
        return result

    def as_token(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token, dict(self.headers))


SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ... on AuthPayload { accessToken refreshToken expiresIn user { id email role tenant { id slug } } }
    ... on AuthError { code message }
  }
}"""


async def sign_up(
    client: GraphQLClient,
    slug: str,
    email: str = "owner@example.com",
    password: str = "Correct-Horse-Battery-9",
) -> GraphQLClient:
    """A new tenant with its OWNER, returned as a client that acts as that user."""
    data = await client.data(
        SIGN_UP,
        {
            "input": {
                "tenantName": f"Tenant {slug}",
                "tenantSlug": slug,
                "email": email,
                "password": password,
                "fullName": "Owner Person",
            }
        },
    )
    payload = data["signUp"]
    assert payload["__typename"] == "AuthPayload", payload
    return client.as_token(payload["accessToken"])


CREATE_PROVIDER = """
mutation CreateProvider($input: CreateProviderInput!) {
  createProvider(input: $input) {
    __typename
    ... on Provider { id title iysCode tin mersis }
    ... on ValidationError { code message field }
  }
}"""

CREATE_BRAND = """
mutation CreateBrand($input: CreateBrandInput!) {
  createBrand(input: $input) {
    __typename
    ... on Brand { id name brandCode master provider { id } }
    ... on ValidationError { code message field }
    ... on NotFoundError { code message }
  }
}"""


async def make_brand(
    client: GraphQLClient, iys_code: int = 700001, brand_code: int = 700001
) -> str:
    """A provider with one master brand; returns the brand's global id."""
    provider = await client.data(
        CREATE_PROVIDER,
        {
            "input": {
                "title": "Örnek Ticaret A.Ş.",
                "iysCode": iys_code,
                "tin": "4540536920",
            }
        },
    )
    assert provider["createProvider"]["__typename"] == "Provider", provider
    brand = await client.data(
        CREATE_BRAND,
        {
            "input": {
                "providerId": provider["createProvider"]["id"],
                "name": "Örnek",
                "brandCode": brand_code,
                "master": True,
            }
        },
    )
    assert brand["createBrand"]["__typename"] == "Brand", brand
    return str(brand["createBrand"]["id"])
