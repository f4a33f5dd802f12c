"""consentChanged: a brand's new movements pushed over a real graphql-transport-ws WebSocket."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from schema.feed import subscriptions
from server.core.runtime import Runtime
from tests.api.accounts.team import REVOKE_KEY, UPDATE_USER, api_key, member
from tests.api.feed.test_consent_changes import record
from tests.api.imports.files import upload
from tests.api.notifications.helpers import link_token, recording_worker
from tests.graphql import GraphQLClient, make_brand, sign_up

SUBSCRIBE = """
subscription Live($brandId: ID!, $source: ChangeSource) {
  consentChanged(brandId: $brandId, source: $source) {
    recipient type status source transactionId consentId brandId
  }
}"""
TIMEOUT = 10
SETTLE = 0.3

Connect = Callable[[str | None], AbstractAsyncContextManager[ClientConnection]]


@pytest.fixture
async def server_url(
    app: Any, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """The test app served by uvicorn on a free local port (its lifespan already runs)."""
    monkeypatch.setattr(runtime.signals, "poll_seconds", 0.05)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(TIMEOUT * 100):  # uvicorn has no started event to wait on
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await task
        sock.close()


@pytest.fixture
def open_socket(server_url: str) -> Connect:
    """Connects and sends connection_init with ``Bearer <token>`` (none without a token)."""

    @asynccontextmanager
    async def opened(token: str | None) -> AsyncIterator[ClientConnection]:
        async with connect(
            server_url, subprotocols=[Subprotocol("graphql-transport-ws")]
        ) as websocket:
            payload = {"authorization": f"Bearer {token}"} if token else {}
            await websocket.send(json.dumps({"type": "connection_init", "payload": payload}))
            assert await _receive(websocket) == {"type": "connection_ack"}
            yield websocket

    return opened


async def _receive(websocket: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(websocket.recv(), TIMEOUT))
    return message


async def _subscribe(websocket: ClientConnection, brand_id: str, source: str = "HS") -> None:
    variables = {"brandId": brand_id, "source": source}
    message = {
        "id": "1",
        "type": "subscribe",
        "payload": {"query": SUBSCRIBE, "variables": variables},
    }
    await websocket.send(json.dumps(message))


async def _error_code(websocket: ClientConnection) -> str:
    """The code of the subscription's first error, whether sent as `error` or in `next`."""
    message = await _receive(websocket)
    assert message["type"] in ("error", "next"), message
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return str(errors[0]["extensions"]["code"])


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    await record(owner, brand, "05550000000")  # before anyone subscribes: not pushed
    return owner, brand


async def _receives_new_movements(
    owner: GraphQLClient, brand_id: str, websocket: ClientConnection
) -> None:
    await _subscribe(websocket, brand_id)
    await asyncio.sleep(SETTLE)  # the subscription has taken its starting point
    await record(owner, brand_id, "05550000001")
    await record(
        owner,
        brand_id,
        "05550000001",
        status="RET",
        source="HS_KARAR",
        consentDate="2026-12-03 10:00:00",
    )
    pushed = [(await _receive(websocket)) for _ in range(2)]
    assert [m["type"] for m in pushed] == ["next", "next"]
    nodes = [m["payload"]["data"]["consentChanged"] for m in pushed]
    assert [(n["recipient"], n["status"], n["source"]) for n in nodes] == [
        ("+905550000001", "ONAY", "HS_WEB"),
        ("+905550000001", "RET", "HS_KARAR"),
    ]
    assert all(len(n["transactionId"]) == 64 for n in nodes)
    assert {n["brandId"] for n in nodes} == {brand_id}


async def test_the_owner_receives_movements_recorded_after_subscribing(
    brand: tuple[GraphQLClient, str], open_socket: Connect
) -> None:
    owner, brand_id = brand
    async with open_socket(owner.token) as websocket:
        await _receives_new_movements(owner, brand_id, websocket)


async def test_an_api_key_authenticates_the_same_way(
    brand: tuple[GraphQLClient, str], open_socket: Connect
) -> None:
    owner, brand_id = brand
    key, _ = await api_key(owner, role="VIEWER")
    async with open_socket(key.token) as websocket:
        await _receives_new_movements(owner, brand_id, websocket)


async def test_the_other_side_is_not_pushed(
    brand: tuple[GraphQLClient, str], open_socket: Connect
) -> None:
    owner, brand_id = brand
    async with open_socket(owner.token) as websocket:
        await _subscribe(websocket, brand_id, source="IYS")
        await asyncio.sleep(SETTLE)
        await record(owner, brand_id, "05550000002")
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(websocket.recv(), 0.5)


async def test_another_tenants_brand_is_not_found(
    brand: tuple[GraphQLClient, str], client: GraphQLClient, open_socket: Connect
) -> None:
    _, brand_id = brand
    other = await sign_up(client, "rakip", email="other@example.com")
    async with open_socket(other.token) as websocket:
        await _subscribe(websocket, brand_id)
        assert await _error_code(websocket) == "NOT_FOUND"


@pytest.mark.parametrize("token", [None, "not-a-token", "izh_not_a_key"])
async def test_without_a_valid_credential_the_subscription_is_refused(
    brand: tuple[GraphQLClient, str], open_socket: Connect, token: str | None
) -> None:
    _, brand_id = brand
    async with open_socket(token) as websocket:
        await _subscribe(websocket, brand_id)
        assert await _error_code(websocket) == "UNAUTHENTICATED"


@pytest.fixture
def recheck_every_push(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscriptions, "RECHECK_SECONDS", 0.0)


async def _pushed_after(
    owner: GraphQLClient, brand_id: str, websocket: ClientConnection, change: Any
) -> str:
    """Subscribes, lets ``change`` happen, records a consent: the first error's code."""
    await _subscribe(websocket, brand_id)
    await asyncio.sleep(SETTLE)
    await change()
    await record(owner, brand_id, "05550000003")
    return await _error_code(websocket)


async def test_a_key_revoked_while_subscribed_gets_no_more_pushes(
    brand: tuple[GraphQLClient, str], open_socket: Connect, recheck_every_push: None
) -> None:
    owner, brand_id = brand
    key, key_id = await api_key(owner, role="VIEWER")

    async def revoke() -> None:
        result = (await owner.data(REVOKE_KEY, {"id": key_id}))["revokeApiKey"]
        assert result["active"] is False

    async with open_socket(key.token) as websocket:
        assert await _pushed_after(owner, brand_id, websocket, revoke) == "UNAUTHENTICATED"


async def test_a_role_changed_while_subscribed_ends_it_as_it_ends_the_access_token(
    brand: tuple[GraphQLClient, str], open_socket: Connect, recheck_every_push: None
) -> None:
    owner, brand_id = brand
    colleague, user_id = await member(owner, "viewer@example.com", role="VIEWER")

    async def promote() -> None:
        result = await owner.data(UPDATE_USER, {"input": {"id": user_id, "role": "EDITOR"}})
        assert result["updateUser"]["role"] == "EDITOR"

    async with open_socket(colleague.token) as websocket:
        # the user's tokens from before the change no longer hold, over HTTP or here
        assert await _pushed_after(owner, brand_id, websocket, promote) == "UNAUTHENTICATED"


async def test_the_check_is_spaced_out_but_a_valid_credential_keeps_receiving(
    brand: tuple[GraphQLClient, str], open_socket: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a check before every push: a credential that still holds passes every time
    monkeypatch.setattr(subscriptions, "RECHECK_SECONDS", 0.0)
    owner, brand_id = brand
    async with open_socket(owner.token) as websocket:
        await _receives_new_movements(owner, brand_id, websocket)


async def test_a_subscribe_before_connection_init_closes_the_socket(server_url: str) -> None:
    async with connect(server_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await _subscribe(ws, "QnJhbmQ6MQ==")
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


async def test_a_recipients_rejection_through_a_link_is_pushed(
    client: GraphQLClient,
    runtime: Runtime,
    frozen_clock: object,
    open_socket: Connect,
    tmp_path: Path,
) -> None:
    # given: an imported consent whose notice (with its one-click link) has been sent
    owner = await sign_up(client, "ajans")
    brand_id = await make_brand(owner)
    imported = await upload(owner, brand_id, LOOP_FILE)
    assert imported["data"]["importConsents"]["__typename"] == "ImportJob", imported
    await runtime.jobs.drain()
    worker, sent = recording_worker(tmp_path)
    await worker.run_once()
    sms = next(m for m in sent.sent if m.channel == "SMS")
    async with open_socket(owner.token) as websocket:
        await _subscribe(websocket, brand_id, source="IYS")
        await asyncio.sleep(SETTLE)
        # when: the recipient opens the link and confirms
        assert (await client.http.post(f"/ret/{link_token(sms.body)}")).status_code == 200
        # then: the subscriber sees the recipient's RET on both phone channels
        pushed = [(await _receive(websocket)) for _ in range(2)]
    nodes = [m["payload"]["data"]["consentChanged"] for m in pushed]
    assert sorted((n["type"], n["status"], n["source"]) for n in nodes) == [
        ("ARAMA", "RET", "IYS_KISAMESAJ"),
        ("MESAJ", "RET", "IYS_KISAMESAJ"),
    ]


LOOP_FILE = (
    "ALICI;İZİN TÜRÜ;KAYNAK;DURUM;İZİN TARİHİ\n"
    "0555 000 00 01;MESAJ;HS_WEB;ONAY;2026-12-03 09:00:00\n"
    "0555 000 00 01;ARAMA;HS_WEB;ONAY;2026-12-03 09:00:00\n"
).encode()
