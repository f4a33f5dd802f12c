"""Which addresses a webhook may reach, and a delivery's connection to the checked address.

The address rules are pure functions; the connection tests run a TLS server on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tenants.webhooks import delivery
from tenants.webhooks.targets import Target, is_public


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "224.0.0.1",  # multicast
        "239.255.255.250",
        "240.0.0.1",  # reserved
        "0.0.0.0",  # noqa: S104  (an address judged, not bound)
        "255.255.255.255",
        "::",
        "::1",
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "::a00:1",  # IPv4-compatible 10.0.0.1
        "::ffff:127.0.0.1",
        "::ffff:192.168.1.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::7f00:1",  # local-use NAT64 of 127.0.0.1
        "64:ff9b:1:7f:0:100::",  # local-use NAT64, /64 form: unclear which address
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "fec0::1",  # deprecated site-local
        "fc00::1",
        "fe80::1",
        "ff02::1",  # multicast
        "ff0e::1",  # global-scope multicast
    ],
)
def test_special_addresses_are_not_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "93.184.215.14",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",  # NAT64 of 8.8.8.8
        "64:ff9b:1::808:808",
        "2002:808:808::1",  # 6to4 of 8.8.8.8
        "2606:4700:4700::1111",
    ],
)
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address)) is True


# A delivery's connection: to the checked address, with TLS for the host name


class Receiver(BaseHTTPRequestHandler):
    hosts: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        type(self).hosts.append(self.headers["host"])
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _certificate(name: str, folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[type[Receiver], int, list[str | None], Path]]:
    """An HTTPS server on 127.0.0.1 with a certificate for hooks.example.test; yields the
    handler, the port, the server names (SNI) clients asked for, and the certificate."""
    cert, key = _certificate("hooks.example.test", tmp_path)
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment,func-returns-value,return-value]
    handler = type("TlsReceiver", (Receiver,), {"hosts": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, server.server_address[1], names, cert
    finally:
        server.shutdown()
        server.server_close()


def _target(host: str, port: int) -> Target:
    url = f"https://{host}:{port}/hook"
    return Target(url, "https", host, port, "/hook", (ipaddress.ip_address("127.0.0.1"),))


def test_tls_goes_to_the_checked_address_with_the_host_name(
    tls_server: tuple[type[Receiver], int, list[str | None], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a name no resolver knows, checked as 127.0.0.1, and a client trusting the cert
    handler, port, names, cert = tls_server
    monkeypatch.setattr(delivery, "_tls_context", lambda: ssl.create_default_context(cafile=cert))
    # when
    answer = delivery._send(_target("hooks.example.test", port), b"{}", {}, timeout=5)
    # then: no look-up of the name, and TLS and Host were for it
    assert (answer.status, answer.error) == (204, None)
    assert names == ["hooks.example.test"]
    assert handler.hosts == [f"hooks.example.test:{port}"]


def test_the_certificate_must_be_for_the_host_name(
    tls_server: tuple[type[Receiver], int, list[str | None], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: the same server reached under another name
    handler, port, _, cert = tls_server
    monkeypatch.setattr(delivery, "_tls_context", lambda: ssl.create_default_context(cafile=cert))
    # when
    answer = delivery._send(_target("other.example.test", port), b"{}", {}, timeout=5)
    # then
    assert (answer.status, answer.error) == (None, "TLS_ERROR")
    assert handler.hosts == []


def test_an_untrusted_certificate_is_refused(
    tls_server: tuple[type[Receiver], int, list[str | None], Path],
) -> None:
    # when: the system's trust store, which does not know the test certificate
    handler, port, _, _ = tls_server
    answer = delivery._send(_target("hooks.example.test", port), b"{}", {}, timeout=5)
    # then
    assert (answer.status, answer.error) == (None, "TLS_ERROR")
    assert handler.hosts == []
