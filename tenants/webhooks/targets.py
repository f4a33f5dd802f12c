"""Where a webhook may point: HTTPS to public addresses only.

Private, loopback, link-local and other special addresses are refused (they would let a tenant
reach this server's own network), checked against every address the host name resolves to,
at registration and again before each delivery. In development, any address is allowed and
plain http:// is allowed for loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from server.core.errors import ValidationFailed

MAX_URL_LENGTH = 2000
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _refuse(code: str = "INVALID_WEBHOOK_URL") -> ValidationFailed:
    return ValidationFailed(code, field="url")


async def check_target(url: str, development: bool) -> str:
    """The URL, cleaned, if a webhook may point there; raises INVALID_WEBHOOK_URL or
    WEBHOOK_PRIVATE_ADDRESS otherwise."""
    cleaned = url.strip()
    parts = urlsplit(cleaned) if len(cleaned) <= MAX_URL_LENGTH else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise _refuse()
    if parts.username or parts.password or (parts.scheme == "http" and not development):
        raise _refuse()
    try:
        port = parts.port
    except ValueError:
        raise _refuse() from None
    addresses = await _resolve(parts.hostname, port)
    if parts.scheme == "http" and not all(a.is_loopback for a in addresses):
        raise _refuse()
    if not development and not all(a.is_global for a in addresses):
        raise _refuse("WEBHOOK_PRIVATE_ADDRESS")
    return cleaned


async def _resolve(host: str, port: int | None) -> list[IpAddress]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port or 443, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError, ValueError):
        raise _refuse("WEBHOOK_UNREACHABLE") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise _refuse("WEBHOOK_UNREACHABLE")
    return [_unmapped(a) for a in addresses]


def _unmapped(address: IpAddress) -> IpAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
