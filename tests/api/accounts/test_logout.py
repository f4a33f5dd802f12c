"""logout: ends the refresh token's session and its access tokens; no oracle for bad tokens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.accounts.documents import (
    LOGOUT,
    PROTECTED,
    error_codes,
    login,
    me,
    refresh,
    signed_up,
)
from tests.graphql import GraphQLClient


@pytest.fixture
async def session(client: GraphQLClient) -> dict[str, Any]:
    return await signed_up(client, "acme")


async def test_logout_ends_the_session(client: GraphQLClient, session: dict[str, Any]) -> None:
    # given a signed-in owner
    # when it logs out with its refresh token
    data = await client.data(LOGOUT, {"token": session["refreshToken"]})
    # then the answer is true, the refresh token is dead
    assert data == {"logout": True}
    assert (await refresh(client, session["refreshToken"]))["code"] == "INVALID_TOKEN"
    # and the session's access token no longer signs anyone in
    assert await me(client, session["accessToken"]) is None
    body = await client.post(PROTECTED, token=session["accessToken"])
    assert error_codes(body) == {"providers": "UNAUTHENTICATED"}


async def test_logout_after_rotation_ends_the_newest_tokens(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a session whose refresh token was rotated
    rotated = await refresh(client, session["refreshToken"])
    # when the owner logs out with the current refresh token
    await client.data(LOGOUT, {"token": rotated["refreshToken"]})
    # then the new access token stops working as well
    assert await me(client, rotated["accessToken"]) is None


async def test_logout_leaves_other_sessions_alone(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given the same owner signed in on a second device
    other = await login(client)
    # when the first device logs out
    await client.data(LOGOUT, {"token": session["refreshToken"]})
    # then the second device stays signed in
    assert (await me(client, other["accessToken"]))["email"] == "owner@example.com"
    assert (await refresh(client, other["refreshToken"]))["__typename"] == "AuthPayload"


@pytest.mark.parametrize("token", ["", "not-a-token", "z" * 10_000], ids=["empty", "fake", "huge"])
async def test_logout_with_an_unknown_token_also_answers_true(
    client: GraphQLClient, token: str
) -> None:
    # given a token we never issued
    # when it is used to log out
    data = await client.data(LOGOUT, {"token": token})
    # then the answer is the same true, so it reveals nothing
    assert data == {"logout": True}


async def test_logging_out_twice_answers_true_both_times(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a session already logged out
    await client.data(LOGOUT, {"token": session["refreshToken"]})
    # when the same token logs out again
    data = await client.data(LOGOUT, {"token": session["refreshToken"]})
    # then it still answers true
    assert data == {"logout": True}
