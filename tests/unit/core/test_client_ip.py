"""The client's address: the peer, or the last hop no trusted proxy vouches for."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request

from server.core.settings import Settings
from server.request_meta import client_ip

PROXY = "10.0.0.2"


def _request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", line.encode()) for line in forwarded]
    return Request({"type": "http", "client": (peer, 50000), "headers": headers})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, trusted_proxies=PROXY)


def test_an_untrusted_peer_is_the_client_whatever_it_claims(settings: Settings) -> None:
    assert client_ip(_request("8.8.8.8", "127.0.0.1"), settings) == "8.8.8.8"


def test_behind_a_trusted_proxy_the_last_hop_it_appended_is_the_client(settings: Settings) -> None:
    assert client_ip(_request(PROXY, "127.0.0.1, 8.8.8.8"), settings) == "8.8.8.8"


def test_a_proxy_adding_its_own_header_line_is_read_after_the_clients_line(
    settings: Settings,
) -> None:
    # given a forged first line from the client and the line the proxy added (HAProxy's way)
    request = _request(PROXY, "127.0.0.1", "8.8.8.8")
    # then the client is the proxy's hop, not the forged one
    assert client_ip(request, settings) == "8.8.8.8"
