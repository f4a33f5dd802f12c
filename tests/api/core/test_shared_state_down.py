"""With IYS_REDIS_URL set but Redis down, throttled calls are refused with a code, never a 500."""

from __future__ import annotations

import socket

import pytest

from server.core.counters import RedisCounters
from server.core.runtime import Runtime
from tests.api.accounts.documents import LOGIN, PROTECTED, error_codes
from tests.api.accounts.team import api_key
from tests.api.recipients.portal import REQUEST, VERIFY
from tests.graphql import GraphQLClient, sign_up


@pytest.fixture
def dead_redis() -> str:
    """The URL of a port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


async def _redis_goes_down(runtime: Runtime, url: str) -> None:
    await runtime.counters.close()
    runtime.counters = RedisCounters(url, "izinhub-test:", timeout=0.5)


async def test_sign_in_and_api_keys_are_refused_while_redis_is_down(
    client: GraphQLClient, runtime: Runtime, dead_redis: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given an owner and an API key, then Redis stops answering
    owner = await sign_up(client, "ajans")
    key, _ = await api_key(owner, "VIEWER")
    await _redis_goes_down(runtime, dead_redis)
    # when someone signs in, or the key is used
    login = {"tenant": "ajans", "email": "owner@example.com", "password": "Correct-Horse-Battery-9"}
    signed_in = (await client.data(LOGIN, {"input": login}))["login"]
    body = await key.post(PROTECTED)
    # then both are refused with TEMPORARILY_UNAVAILABLE (HTTP 200), and the outage is logged
    assert (signed_in["__typename"], signed_in["code"]) == ("AuthError", "TEMPORARILY_UNAVAILABLE")
    assert error_codes(body) == {"providers": "TEMPORARILY_UNAVAILABLE"}
    assert "Redis (IYS_REDIS_URL) is unavailable" in caplog.text
    # and a signed-in user, who needs no counter, goes on working
    assert "errors" not in await owner.post(PROTECTED)


async def test_recipient_codes_are_refused_while_redis_is_down(
    client: GraphQLClient, runtime: Runtime, dead_redis: str
) -> None:
    # given Redis stops answering
    await _redis_goes_down(runtime, dead_redis)
    # when a recipient asks for a code or tries one
    sent = (await client.data(REQUEST, {"address": "05551234567"}))["requestRecipientCode"]
    tried = await client.data(VERIFY, {"address": "05551234567", "code": "123456"})
    # then both answer TEMPORARILY_UNAVAILABLE as a ValidationError
    assert (sent["__typename"], sent["code"]) == ("ValidationError", "TEMPORARILY_UNAVAILABLE")
    verified = tried["verifyRecipientCode"]
    assert (verified["__typename"], verified["code"]) == (
        "ValidationError",
        "TEMPORARILY_UNAVAILABLE",
    )
