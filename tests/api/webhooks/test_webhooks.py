"""Webhooks: signed, ordered deliveries to a real local endpoint, retries, and the URL rules."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from server.core.clock import clock
from tenants.webhooks import delivery
from tests.api.feed.test_consent_changes import record
from tests.api.notifications.helpers import recording_worker
from tests.graphql import GraphQLClient, make_brand, sign_up

CREATE = """
mutation Create($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on CreatedWebhook { secret webhook { id url events active } }
    ... on ValidationError { code message field }
    ... on NotFoundError { code }
  }
}"""
LIST = """
query List($brandId: ID) {
  webhooks(brandId: $brandId) {
    totalCount
    edges { node { id active disabledReason failuresInARow
      deliveries { status movements attempts responseStatus error } } }
  }
}"""
SET_ACTIVE = """
mutation SetActive($id: ID!, $active: Boolean!) {
  setWebhookActive(id: $id, active: $active) {
    __typename ... on Webhook { active failuresInARow } ... on NotFoundError { code }
  }
}"""
DELETE = """
mutation Delete($id: ID!) {
  deleteWebhook(id: $id) { __typename ... on DeletedWebhook { id } ... on NotFoundError { code } }
}"""


class Receiver(BaseHTTPRequestHandler):
    status = 200
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(type(self).status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[type[Receiver], str]]:
    handler = type("TestReceiver", (Receiver,), {"received": [], "status": 200})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IYS_NOTIFY_WEBHOOKS_DEVELOPMENT", "true")


@pytest.fixture
async def brand(client: GraphQLClient, frozen_clock: object) -> tuple[GraphQLClient, str]:
    owner = await sign_up(client, "ajans")
    return owner, await make_brand(owner)


async def create(owner: GraphQLClient, brand: str, url: str, **extra: str) -> dict[str, Any]:
    result: dict[str, Any] = (
        await owner.data(CREATE, {"input": {"brandId": brand, "url": url, **extra}})
    )["createWebhook"]
    return result


async def test_movements_arrive_signed_in_order_and_once(
    brand: tuple[GraphQLClient, str],
    receiver: tuple[type[Receiver], str],
    development: None,
    tmp_path: Path,
) -> None:
    # given: a movement before the webhook is not sent, the ones after are
    owner, brand_id = brand
    await record(owner, brand_id, "05550000009")
    handler, url = receiver
    created = await create(owner, brand_id, url)
    await record(owner, brand_id, "05550000001")
    await record(owner, brand_id, "ayse@example.com", type="EPOSTA")
    worker, _ = recording_worker(tmp_path, webhooks_development=True)
    # when
    await worker.run_once()
    await worker.run_once()
    # then
    [(headers, body)] = handler.received
    payload = json.loads(body)
    assert [m["recipient"] for m in payload["list"]] == ["+905550000001", "ayse@example.com"]
    assert (payload["iysCode"], payload["brandCode"]) == (700001, 700001)
    expected = hmac.new(
        created["secret"].encode(),
        headers["x-izinhub-timestamp"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    assert headers["x-izinhub-signature"] == f"sha256={expected}"
    hooks = (await owner.data(LIST, {"brandId": brand_id}))["webhooks"]["edges"]
    assert hooks[0]["node"]["deliveries"][0]["status"] == "SUCCEEDED"


async def test_recipient_only_webhooks_skip_the_tenants_own_movements(
    brand: tuple[GraphQLClient, str],
    receiver: tuple[type[Receiver], str],
    development: None,
    tmp_path: Path,
) -> None:
    # given
    owner, brand_id = brand
    handler, url = receiver
    await create(owner, brand_id, url, events="RECIPIENT")
    await record(owner, brand_id, "05550000001")
    worker, _ = recording_worker(tmp_path, webhooks_development=True)
    # when
    await worker.run_once()
    # then
    assert handler.received == []


async def test_failures_are_retried_with_backoff_and_then_disable_the_webhook(
    brand: tuple[GraphQLClient, str],
    receiver: tuple[type[Receiver], str],
    development: None,
    tmp_path: Path,
) -> None:
    # given: an endpoint that answers 500
    owner, brand_id = brand
    handler, url = receiver
    handler.status = 500
    created = await create(owner, brand_id, url)
    await record(owner, brand_id, "05550000001")
    worker, _ = recording_worker(
        tmp_path, webhooks_development=True, webhook_disable_after=3, retry_base_seconds=10
    )
    # when: the first try, one too soon, then two retries after the backoff
    await worker.run_once()
    await worker.run_once()
    for wait in (10, 20):
        clock.freeze(clock.now() + timedelta(seconds=wait))
        await worker.run_once()
    # then
    assert len(handler.received) == 3
    [hook] = (await owner.data(LIST))["webhooks"]["edges"]
    assert hook["node"]["active"] is False
    assert hook["node"]["disabledReason"] == "3 failed attempts in a row"
    assert hook["node"]["deliveries"][0]["responseStatus"] == 500
    # and resuming delivers the same batch once the endpoint is back
    handler.status = 204
    resumed = await owner.data(SET_ACTIVE, {"id": created["webhook"]["id"], "active": True})
    assert resumed["setWebhookActive"] == {
        "__typename": "Webhook",
        "active": True,
        "failuresInARow": 0,
    }
    clock.freeze(clock.now() + timedelta(minutes=1))
    await worker.run_once()
    assert len(handler.received) == 4
    assert handler.received[3][1] == handler.received[0][1]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://example.com/hook", "INVALID_WEBHOOK_URL"),
        ("ftp://example.com/hook", "INVALID_WEBHOOK_URL"),
        ("https://user:pw@example.com/hook", "INVALID_WEBHOOK_URL"),
        ("not a url", "INVALID_WEBHOOK_URL"),
        ("https://example.com:99999/hook", "INVALID_WEBHOOK_URL"),
        ("https://1.1.1.1:0/hook", "INVALID_WEBHOOK_URL"),
        ("https://1.1.1.1/a b", "INVALID_WEBHOOK_URL"),
        ("https://1.1.1.1/a\nb", "INVALID_CHARACTERS"),
        ("https://1.1.1.1/\u202egnp.exe", "INVALID_CHARACTERS"),
        ("https://1.1.1.1/" + "a" * 2000, "TOO_LONG"),
        ("https://127.0.0.1/hook", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://10.1.2.3/hook", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://169.254.169.254/latest/meta-data", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://[::1]/hook", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://[::ffff:192.168.1.1]/hook", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://localhost/hook", "WEBHOOK_PRIVATE_ADDRESS"),
        ("https://[::7f00:1]/", "WEBHOOK_PRIVATE_ADDRESS"),  # IPv4-compatible 127.0.0.1
        ("https://[64:ff9b::7f00:1]/", "WEBHOOK_PRIVATE_ADDRESS"),  # NAT64 of 127.0.0.1
        ("https://[2002:7f00:1::]/", "WEBHOOK_PRIVATE_ADDRESS"),  # 6to4 of 127.0.0.1
        ("https://[fec0::1]/", "WEBHOOK_PRIVATE_ADDRESS"),  # deprecated site-local
        ("https://224.0.0.1/", "WEBHOOK_PRIVATE_ADDRESS"),  # multicast
        ("https://[ff02::1]/", "WEBHOOK_PRIVATE_ADDRESS"),  # IPv6 multicast
        ("https://nowhere.invalid/hook", "WEBHOOK_UNREACHABLE"),
    ],
)
async def test_unsafe_urls_are_refused_outside_development(
    brand: tuple[GraphQLClient, str], url: str, code: str
) -> None:
    # when
    result = await create(*brand, url)
    # then
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        code,
        "url",
    )


async def test_plain_http_is_for_loopback_in_development_only(
    brand: tuple[GraphQLClient, str], development: None
) -> None:
    # when
    loopback = await create(*brand, "http://127.0.0.1:9/hook")
    private = await create(*brand, "http://10.1.2.3/hook")
    # then
    assert loopback["__typename"] == "CreatedWebhook"
    assert loopback["secret"].startswith("whsec_")
    assert private["code"] == "INVALID_WEBHOOK_URL"


async def test_another_tenant_cannot_see_pause_or_delete_it(
    client: GraphQLClient, brand: tuple[GraphQLClient, str], development: None
) -> None:
    # given
    owner, brand_id = brand
    created = await create(owner, brand_id, "http://127.0.0.1:9/hook")
    stranger = await sign_up(client, "yabanci", email="s@example.com")
    hook_id = created["webhook"]["id"]
    # when
    listed = (await stranger.data(LIST, {"brandId": brand_id}))["webhooks"]
    paused = await stranger.data(SET_ACTIVE, {"id": hook_id, "active": False})
    deleted = await stranger.data(DELETE, {"id": hook_id})
    foreign_brand = await create(stranger, brand_id, "http://127.0.0.1:9/hook")
    # then
    assert listed["totalCount"] == 0
    assert paused["setWebhookActive"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert deleted["deleteWebhook"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert foreign_brand == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    assert (await owner.data(LIST))["webhooks"]["totalCount"] == 1


# DNS: a webhook's name is resolved once per delivery and connected to as checked

PUBLIC = "93.184.215.14"  # never connected to: the tests below intercept connections to it


class Resolver:
    """Stands in for the system resolver for ``hooks.example.test``: each look-up takes the
    next of ``answers``, and one past the last fails; other names go to the real resolver."""

    name = "hooks.example.test"

    def __init__(self, real: Any) -> None:
        self.real = real
        self.answers: list[str] = []
        self.looked_up = 0

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != self.name:
            return self.real(host, port, *args, **kwargs)
        self.looked_up += 1
        if not self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "no more answers")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (self.answers.pop(0), int(port)))]


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    stub = Resolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", stub)
    return stub


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Where deliveries tried to connect; none gets through."""
    tried: list[tuple[str, int]] = []

    def refuse(address: str, port: int, *args: Any) -> None:
        tried.append((address, port))
        raise ConnectionRefusedError("intercepted by the test")

    monkeypatch.setattr(delivery, "_open_socket", refuse)
    return tried


async def _deliveries(owner: GraphQLClient) -> list[dict[str, Any]]:
    [hook] = (await owner.data(LIST))["webhooks"]["edges"]
    deliveries: list[dict[str, Any]] = hook["node"]["deliveries"]
    return deliveries


async def test_a_name_now_resolving_to_loopback_is_refused_at_delivery(
    brand: tuple[GraphQLClient, str],
    resolver: Resolver,
    connections: list[tuple[str, int]],
    tmp_path: Path,
) -> None:
    # given: a name that was public when the webhook was registered
    owner, brand_id = brand
    resolver.answers = [PUBLIC]
    created = await create(owner, brand_id, f"https://{resolver.name}/hook")
    assert created["__typename"] == "CreatedWebhook"
    await record(owner, brand_id, "05550000001")
    resolver.answers = ["127.0.0.1"]
    worker, _ = recording_worker(tmp_path)
    # when
    await worker.run_once()
    # then
    [attempt] = await _deliveries(owner)
    assert (attempt["status"], attempt["error"]) == ("PENDING", "WEBHOOK_PRIVATE_ADDRESS")
    assert connections == []


async def test_a_delivery_connects_to_the_address_it_checked(
    brand: tuple[GraphQLClient, str],
    resolver: Resolver,
    connections: list[tuple[str, int]],
    tmp_path: Path,
) -> None:
    # given: a name answering public for the check, then 127.0.0.1 (DNS rebinding)
    owner, brand_id = brand
    resolver.answers = [PUBLIC]
    await create(owner, brand_id, f"https://{resolver.name}/hook")
    await record(owner, brand_id, "05550000001")
    resolver.answers = [PUBLIC, "127.0.0.1"]
    worker, _ = recording_worker(tmp_path)
    # when
    await worker.run_once()
    # then: one look-up at the delivery, and the connection went to the checked address
    assert connections == [(PUBLIC, 443)]
    assert resolver.answers == ["127.0.0.1"]
    [attempt] = await _deliveries(owner)
    assert attempt["error"] == "CONNECTION_REFUSED"


async def test_a_named_loopback_receiver_gets_deliveries_in_development(
    brand: tuple[GraphQLClient, str],
    receiver: tuple[type[Receiver], str],
    resolver: Resolver,
    development: None,
    tmp_path: Path,
) -> None:
    # given: a name for the local receiver, answering once per check and never again
    owner, brand_id = brand
    handler, url = receiver
    port = urlsplit(url).port
    resolver.answers = ["127.0.0.1"]
    await create(owner, brand_id, f"http://{resolver.name}:{port}/hook")
    await record(owner, brand_id, "05550000001")
    resolver.answers = ["127.0.0.1"]
    worker, _ = recording_worker(tmp_path, webhooks_development=True)
    # when
    await worker.run_once()
    # then: delivered to the checked address, under the webhook's own host name
    [(headers, _)] = handler.received
    assert headers["host"] == f"{resolver.name}:{port}"
    assert resolver.looked_up == 2
    [attempt] = await _deliveries(owner)
    assert attempt["status"] == "SUCCEEDED"
