"""The transports against real local servers: aiosmtpd for SMTP, an HTTP server for SMS."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tenants.notifications.transports import (
    DeliveryFailed,
    OutgoingMessage,
    SmsGatewayTransport,
    SmtpTransport,
)

EMAIL = OutgoingMessage("EPOSTA", "ayse@example.com", "Örnek: ileti izniniz", "Merhaba, bağlantı")
SMS = OutgoingMessage("SMS", "+905550000001", "Örnek", "Örnek izninizi kaydetti")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class Gateway(BaseHTTPRequestHandler):
    status = 202
    received: list[tuple[str, dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        body = json.loads(self.rfile.read(length))
        type(self).received.append((self.headers["authorization"], body))
        self.send_response(type(self).status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[tuple[type[Gateway], str]]:
    handler = type("TestGateway", (Gateway,), {"received": [], "status": 202})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/sms"
    finally:
        server.shutdown()
        server.server_close()


async def test_smtp_hands_the_message_to_a_real_server(smtp_server: tuple[Inbox, int]) -> None:
    # given
    inbox, port = smtp_server
    transport = SmtpTransport("127.0.0.1", port, "izinhub@example.com", timeout=5)
    # when
    await transport.send(EMAIL)
    # then
    [envelope] = inbox.messages
    assert envelope.mail_from == "izinhub@example.com"
    assert envelope.rcpt_tos == ["ayse@example.com"]
    text = envelope.content.decode()
    assert "Subject: =?utf-8?" in text
    assert "ayse@example.com" in text


async def test_smtp_that_does_not_answer_fails_for_a_retry() -> None:
    # given: nothing listens on the port
    transport = SmtpTransport("127.0.0.1", _free_port(), "izinhub@example.com", timeout=2)
    # when / then
    with pytest.raises(OSError, match="Connection refused"):
        await transport.send(EMAIL)


async def test_the_sms_gateway_gets_the_documented_request(
    gateway: tuple[type[Gateway], str],
) -> None:
    # given
    handler, url = gateway
    transport = SmsGatewayTransport(url, "gizli", "IZINHUB", timeout=5)
    # when
    await transport.send(SMS)
    # then
    assert handler.received == [
        (
            "Bearer gizli",
            {"to": "+905550000001", "sender": "IZINHUB", "text": "Örnek izninizi kaydetti"},
        )
    ]


async def test_a_gateway_error_fails_for_a_retry(gateway: tuple[type[Gateway], str]) -> None:
    # given
    handler, url = gateway
    handler.status = 503
    transport = SmsGatewayTransport(url, "gizli", "IZINHUB", timeout=5)
    # when / then
    with pytest.raises(DeliveryFailed, match="503"):
        await transport.send(SMS)


def test_a_gateway_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="http"):
        SmsGatewayTransport("file:///etc/passwd", "x", "IZINHUB", timeout=5)
