"""What must be shared between server processes is: two `iys serve` processes, one database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.api.accounts.documents import LOGIN, PASSWORD, PROTECTED, error_codes
from tests.api.accounts.team import REVOKE_KEY, UPDATE_USER, api_key, member
from tests.api.consents.test_record_consent import RECORD
from tests.api.recipients.portal import REQUEST, VERIFY
from tests.graphql import GraphQLClient, make_brand, sign_up
from tests.processes.conftest import LOGIN_MAX_ATTEMPTS, TwoServers

SUBSCRIBE = """
subscription Live($brandId: ID!) {
  consentChanged(brandId: $brandId, source: HS) { recipient status transactionId }
}"""
TRIES_PER_CLIENT_PER_HOUR = 30  # tenants/recipients/codes.py
RECEIVE_TIMEOUT = 3.0
WRITES_UNTIL_LISTENING = 10


def _login(password: str) -> dict[str, Any]:
    return {"input": {"tenant": "ajans", "email": "owner@example.com", "password": password}}


async def _login_result(client: GraphQLClient, password: str) -> str:
    result = (await client.data(LOGIN, _login(password)))["login"]
    return str(result["__typename"] if result["__typename"] == "AuthPayload" else result["code"])


async def test_a_sign_in_lockout_is_counted_across_processes(two_servers: TwoServers) -> None:
    # given an owner, and wrong passwords tried on A and B in turn up to the limit
    await sign_up(two_servers.client_a, "ajans")
    clients = [two_servers.client_a, two_servers.client_b]
    for attempt in range(LOGIN_MAX_ATTEMPTS):
        wrong = await _login_result(clients[attempt % 2], "Wrong-Password-1")
        assert wrong == "INVALID_CREDENTIALS"
    # when the right password is given to either process
    answers = [await _login_result(client, PASSWORD) for client in clients]
    # then both refuse: each saw fewer failures than the limit, together they reached it
    assert answers == ["TOO_MANY_ATTEMPTS", "TOO_MANY_ATTEMPTS"]


async def _verify(client: GraphQLClient, address: str) -> str:
    result = await client.data(VERIFY, {"address": address, "code": "000000"})
    return str(result["verifyRecipientCode"]["code"])


async def test_recipient_code_tries_are_counted_across_processes(two_servers: TwoServers) -> None:
    # given a code sent to an address, and the hour's tries of this client spent half on A
    # and half on B
    address = "05551234567"
    sent = (await two_servers.client_a.data(REQUEST, {"address": address}))["requestRecipientCode"]
    assert sent["__typename"] == "RecipientCodeSent", sent
    clients = [two_servers.client_a, two_servers.client_b]
    for attempt in range(TRIES_PER_CLIENT_PER_HOUR):
        assert await _verify(clients[attempt % 2], address) in ("INVALID_CODE", "CODE_EXPIRED")
    # when the client tries once more on either process
    answers = [await _verify(client, address) for client in clients]
    # then both refuse
    assert answers == ["TOO_MANY_ATTEMPTS", "TOO_MANY_ATTEMPTS"]


async def test_a_revoked_key_or_session_and_a_changed_role_hold_in_the_other_process(
    two_servers: TwoServers,
) -> None:
    # given an owner on A, with an API key, an editor and a second signed-in session, all
    # working on B
    owner = await sign_up(two_servers.client_a, "ajans")
    key, key_id = await api_key(owner, "VIEWER")
    editor, editor_id = await member(owner, "editor@example.com", "EDITOR")
    on_b = [c.as_token(c.token) for c in (key, editor)]
    for client in on_b:
        client.http = two_servers.client_b.http
        assert "errors" not in await client.post(PROTECTED)
    # when A revokes the key and makes the editor a viewer
    assert (await owner.data(REVOKE_KEY, {"id": key_id}))["revokeApiKey"]["active"] is False
    changed = await owner.data(UPDATE_USER, {"input": {"id": editor_id, "role": "VIEWER"}})
    assert changed["updateUser"]["role"] == "VIEWER"
    # then B refuses both credentials at once
    for client in on_b:
        assert error_codes(await client.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}


def _istanbul_now() -> str:
    now = datetime.now(ZoneInfo("Europe/Istanbul")) - timedelta(minutes=5)
    return now.strftime("%Y-%m-%d %H:%M:%S")


async def _record(client: GraphQLClient, brand: str, recipient: str) -> None:
    payload = {
        "brandId": brand,
        "recipient": recipient,
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": _istanbul_now(),
    }
    result = await client.data(RECORD, {"input": payload})
    assert result["recordConsent"]["__typename"] == "Consent", result


@asynccontextmanager
async def _subscribed(url: str, token: str, brand: str) -> AsyncIterator[ClientConnection]:
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as websocket:
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        await websocket.send(json.dumps(init))
        assert json.loads(await asyncio.wait_for(websocket.recv(), 10))["type"] == "connection_ack"
        subscribe = {"query": SUBSCRIBE, "variables": {"brandId": brand}}
        await websocket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        yield websocket


async def _pushed(websocket: ClientConnection, seconds: float) -> str | None:
    """The recipient of the next pushed change, or None if nothing came within ``seconds``."""
    try:
        message = json.loads(await asyncio.wait_for(websocket.recv(), seconds))
    except TimeoutError:
        return None
    assert message["type"] == "next", message
    return str(message["payload"]["data"]["consentChanged"]["recipient"])


async def test_a_subscriber_on_one_process_receives_changes_written_through_the_other(
    two_servers: TwoServers,
) -> None:
    # given a subscriber of a brand on A (feed polling is an hour: only a notification wakes it)
    owner = await sign_up(two_servers.client_a, "ajans")
    brand = await make_brand(owner)
    owner_on_b = owner.as_token(owner.token)
    owner_on_b.http = two_servers.client_b.http
    assert owner.token is not None
    async with _subscribed(two_servers.a.ws_url, owner.token, brand) as websocket:
        # when consents are recorded through B (until the subscription, which has no
        # "started" message, is listening)
        written: list[str] = []
        first = None
        while first is None and len(written) < WRITES_UNTIL_LISTENING:
            written.append(f"+90555000{len(written):04d}")
            await _record(owner_on_b, brand, written[-1])
            first = await _pushed(websocket, RECEIVE_TIMEOUT)
        # then A pushes them; once listening, every later change exactly once and in order
        assert first in written
        following = ["+905559990001", "+905559990002"]
        for recipient in following:
            await _record(owner_on_b, brand, recipient)
        rest = [await _pushed(websocket, 10.0) for _ in written[written.index(first) + 1 :]]
        assert rest == written[written.index(first) + 1 :]
        assert [await _pushed(websocket, 10.0) for _ in following] == following
        assert await _pushed(websocket, 0.5) is None  # nothing repeated
