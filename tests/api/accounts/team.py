"""GraphQL documents and helpers for the team operations: invitations, keys, scopes."""

from __future__ import annotations

from typing import Any

from tests.api.accounts.documents import AUTH_RESULT, PASSWORD
from tests.graphql import GraphQLClient

INVITE = """
mutation Invite($input: InviteUserInput!) {
  inviteUser(input: $input) {
    __typename
    ... on CreatedInvitation { token link invitation { id email role expiresAt accepted
      access { limited brandIds types { type access } } } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}"""
ACCEPT = f"""
mutation Accept($input: AcceptInvitationInput!) {{
  acceptInvitation(input: $input) {{ {AUTH_RESULT} }}
}}"""
UPDATE_USER = """
mutation Update($input: UpdateUserInput!) {
  updateUser(input: $input) {
    __typename
    ... on User { id role active fullName access { limited brandIds types { type access } } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}"""
CREATE_KEY = """
mutation CreateKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreatedApiKey { secret apiKey { id name role prefix active expiresAt revokedAt
      access { limited brandIds types { type access } } } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}"""
REVOKE_KEY = """
mutation Revoke($id: ID!) {
  revokeApiKey(id: $id) { __typename ... on ApiKey { id active revokedAt } ... on Error { code } }
}"""


async def invite(
    admin: GraphQLClient,
    email: str,
    role: str = "EDITOR",
    brand_ids: list[str] | None = None,
    types: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The inviteUser result (asserted to be a CreatedInvitation)."""
    payload: dict[str, Any] = {"email": email, "role": role}
    if brand_ids is not None:
        payload["brandIds"] = brand_ids
    if types is not None:
        payload["types"] = types
    result = (await admin.data(INVITE, {"input": payload}))["inviteUser"]
    assert result["__typename"] == "CreatedInvitation", result
    return dict(result)


async def accept(
    client: GraphQLClient, token: str, password: str = PASSWORD, full_name: str = "Yeni Kişi"
) -> dict[str, Any]:
    variables = {"input": {"token": token, "password": password, "fullName": full_name}}
    return dict((await client.data(ACCEPT, variables))["acceptInvitation"])


async def member(
    admin: GraphQLClient,
    email: str,
    role: str = "EDITOR",
    brand_ids: list[str] | None = None,
    types: list[dict[str, str]] | None = None,
) -> tuple[GraphQLClient, str]:
    """A new user invited by ``admin`` who accepted: a client acting as it, and its id."""
    created = await invite(admin, email, role, brand_ids, types)
    payload = await accept(admin.as_token(None), created["token"])
    assert payload["__typename"] == "AuthPayload", payload
    return admin.as_token(payload["accessToken"]), str(payload["user"]["id"])


async def api_key(
    admin: GraphQLClient, role: str = "EDITOR", name: str = "CRM", **extra: Any
) -> tuple[GraphQLClient, str]:
    """A new API key: a client authenticating with it, and the key's id."""
    result = (await admin.data(CREATE_KEY, {"input": {"name": name, "role": role, **extra}}))[
        "createApiKey"
    ]
    assert result["__typename"] == "CreatedApiKey", result
    return admin.as_token(result["secret"]), str(result["apiKey"]["id"])
