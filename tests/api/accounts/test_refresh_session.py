"""refreshSession: rotation, reuse detection, expiry, and a race between two refreshes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from server.core.clock import clock
from server.core.tenancy import as_tenant
from tenants.accounts import services
from tenants.accounts.models import AuthSession, RefreshToken, User
from tests.api.accounts.documents import LOGOUT, me, refresh, signed_up
from tests.conftest import update_rows
from tests.graphql import GraphQLClient

INVALID_TOKEN = {
    "__typename": "AuthError",
    "code": "INVALID_TOKEN",
    "field": None,
    "message": "Oturum geçersiz ya da süresi dolmuş. Lütfen yeniden giriş yapın.",
}


@pytest.fixture
async def session(client: GraphQLClient) -> dict[str, Any]:
    """A signed-in owner: its first AuthPayload."""
    return await signed_up(client, "acme")


async def test_refresh_issues_a_new_pair_in_the_same_session(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a signed-in owner
    # when it refreshes
    payload = await refresh(client, session["refreshToken"])
    # then it gets a new access and refresh token for the same user
    assert payload["__typename"] == "AuthPayload"
    assert payload["refreshToken"] != session["refreshToken"]
    assert payload["accessToken"] != session["accessToken"]
    assert payload["user"] == session["user"]
    assert payload["expiresIn"] == 900
    assert (await me(client, payload["accessToken"]))["email"] == "owner@example.com"
    # and no new session was opened
    assert await AuthSession.all().count() == 1
    assert await RefreshToken.filter(used_at__isnull=False).count() == 1


async def test_each_new_token_can_be_rotated_again(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a chain of three rotations
    token = session["refreshToken"]
    for _ in range(3):
        payload = await refresh(client, token)
        assert payload["__typename"] == "AuthPayload"
        token = payload["refreshToken"]
    # when the newest token is used
    # then it still works
    assert (await refresh(client, token))["__typename"] == "AuthPayload"


async def test_reusing_a_rotated_token_revokes_the_whole_session(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a token that was already rotated once
    newest = await refresh(client, session["refreshToken"])
    # when the old token is presented again (someone kept a copy)
    reused = await refresh(client, session["refreshToken"])
    # then it is refused
    assert reused == INVALID_TOKEN
    # and the newest token of that session stops working too
    assert await refresh(client, newest["refreshToken"]) == INVALID_TOKEN
    # and so do the session's access tokens
    assert await me(client, newest["accessToken"]) is None


async def test_reuse_leaves_other_sessions_alone(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a second session of the same user (another device)
    other = await refresh(client, (await signed_up(client, "beta"))["refreshToken"])
    await refresh(client, session["refreshToken"])
    # when a rotated token of the first session is reused
    await refresh(client, session["refreshToken"])
    # then the other session still refreshes
    assert (await refresh(client, other["refreshToken"]))["__typename"] == "AuthPayload"


@pytest.mark.parametrize(
    "token", ["", "not-a-token", "x" * 43, "y" * 10_000], ids=["empty", "short", "fake", "huge"]
)
@pytest.mark.usefixtures("session")
async def test_unknown_token_is_refused(client: GraphQLClient, token: str) -> None:
    # given a token we never issued
    # when it is presented
    payload = await refresh(client, token)
    # then it is refused with INVALID_TOKEN
    assert payload == INVALID_TOKEN


async def test_token_expires_after_the_refresh_lifetime(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given a session started now (refresh lifetime 30 days)
    session = await signed_up(client, "acme")
    # when its token is presented just after 30 days
    clock.freeze(frozen_clock + timedelta(days=30, seconds=1))
    payload = await refresh(client, session["refreshToken"])
    # then it is refused
    assert payload == INVALID_TOKEN


async def test_each_rotation_extends_the_session(client: GraphQLClient, frozen_clock: Any) -> None:
    # given a session refreshed after 20 days
    session = await signed_up(client, "acme")
    clock.freeze(frozen_clock + timedelta(days=20))
    rotated = await refresh(client, session["refreshToken"])
    # when the new token is presented 40 days after sign-in (20 after its issue)
    clock.freeze(frozen_clock + timedelta(days=40))
    payload = await refresh(client, rotated["refreshToken"])
    # then it still works
    assert payload["__typename"] == "AuthPayload"


async def test_logged_out_token_is_refused(client: GraphQLClient, session: dict[str, Any]) -> None:
    # given a session that was logged out
    await client.data(LOGOUT, {"token": session["refreshToken"]})
    # when its refresh token is presented
    payload = await refresh(client, session["refreshToken"])
    # then it is refused
    assert payload == INVALID_TOKEN


async def test_deactivated_user_cannot_refresh(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a user deactivated after signing in
    await update_rows(User, {"email": "owner@example.com"}, active=False)
    # when its refresh token is presented
    payload = await refresh(client, session["refreshToken"])
    # then it is refused
    assert payload == INVALID_TOKEN


async def test_signing_out_everywhere_ends_refresh_tokens_too(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a user whose sessions were all ended (session_version bumped)
    user = await User.get(email="owner@example.com")
    with as_tenant(user.tenant_id):
        await services.sign_out_everywhere(user.tenant_id, user.id)
    # when the refresh token of an earlier session is presented
    payload = await refresh(client, session["refreshToken"])
    # then it is refused
    assert payload == INVALID_TOKEN


async def test_two_concurrent_refreshes_of_one_token_have_one_winner(
    client: GraphQLClient, session: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two refreshes that both read the token before either marks it used
    both_read = asyncio.Barrier(2)
    original = services.find_refresh_token

    async def read_then_wait(token: str) -> RefreshToken | None:
        found = await original(token)
        await asyncio.wait_for(both_read.wait(), 10)
        return found

    monkeypatch.setattr(services, "find_refresh_token", read_then_wait)
    # when they run at once
    results = await asyncio.gather(
        refresh(client, session["refreshToken"]), refresh(client, session["refreshToken"])
    )
    monkeypatch.undo()
    # then exactly one gets a new pair; the loser is treated as reuse and ends the session
    assert sorted(r["__typename"] for r in results) == ["AuthError", "AuthPayload"]
    winner = next(r for r in results if r["__typename"] == "AuthPayload")
    assert await refresh(client, winner["refreshToken"]) == INVALID_TOKEN
