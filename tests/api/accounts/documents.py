"""GraphQL documents and small helpers shared by the accounts API tests."""

from __future__ import annotations

from typing import Any

from tests.graphql import GraphQLClient

PASSWORD = "Correct-Horse-Battery-9"

AUTH_RESULT = """
    __typename
    ... on AuthPayload {
      accessToken refreshToken expiresIn
      user { id email fullName role active tenant { id name slug } }
    }
    ... on AuthError { code message field }
"""
SIGN_UP = f"""
mutation SignUp($input: SignUpInput!) {{ signUp(input: $input) {{ {AUTH_RESULT} }} }}"""
LOGIN = f"""
mutation Login($input: LoginInput!) {{ login(input: $input) {{ {AUTH_RESULT} }} }}"""
REFRESH = f"""
mutation Refresh($token: String!) {{ refreshSession(refreshToken: $token) {{ {AUTH_RESULT} }} }}"""
LOGOUT = "mutation Logout($token: String!) { logout(refreshToken: $token) }"
ME = "{ me { id email fullName role active tenant { id name slug } } }"
# A field that needs a signed-in caller, to see how a request with a bad token is treated.
PROTECTED = "{ providers { totalCount } }"


def sign_up_input(slug: str | None = "acme", **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "tenantName": "Acme Pazarlama",
        "tenantSlug": slug,
        "email": "owner@example.com",
        "password": PASSWORD,
        "fullName": "Owner Person",
    }
    return {**values, **changes}


async def sign_up_payload(client: GraphQLClient, **changes: Any) -> dict[str, Any]:
    """signUp's result (AuthPayload or AuthError)."""
    data = await client.data(SIGN_UP, {"input": sign_up_input(**changes)})
    result: dict[str, Any] = data["signUp"]
    return result


async def signed_up(client: GraphQLClient, slug: str = "acme", **changes: Any) -> dict[str, Any]:
    """A new tenant's owner, signed in: the AuthPayload."""
    payload = await sign_up_payload(client, slug=slug, **changes)
    assert payload["__typename"] == "AuthPayload", payload
    return payload


async def login(
    client: GraphQLClient,
    tenant: str = "acme",
    email: str = "owner@example.com",
    password: str = PASSWORD,
    **headers: str,
) -> dict[str, Any]:
    variables = {"input": {"tenant": tenant, "email": email, "password": password}}
    data = await client.data(LOGIN, variables, **headers)
    result: dict[str, Any] = data["login"]
    return result


async def refresh(client: GraphQLClient, token: str, **headers: str) -> dict[str, Any]:
    data = await client.data(REFRESH, {"token": token}, **headers)
    result: dict[str, Any] = data["refreshSession"]
    return result


async def me(client: GraphQLClient, access_token: str) -> Any:
    return (await client.data(ME, token=access_token))["me"]


def error_codes(body: dict[str, Any]) -> dict[str, str]:
    """Top-level field name -> extensions.code of the errors in a response."""
    return {err["path"][0]: err["extensions"]["code"] for err in body.get("errors", [])}
