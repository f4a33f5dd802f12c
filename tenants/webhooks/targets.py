"""Where a webhook may point: HTTPS to public addresses only.

Private, loopback, link-local, multicast, reserved and other special addresses are refused (they
would let a tenant reach this server's own network), checked against every address the host
name resolves to, at registration and again before each delivery. An IPv6 address that carries
an IPv4 one (IPv4-mapped and -compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it
leads to as well. A delivery connects to the addresses checked for it, never to a second look-up
of the name (which could answer differently: DNS rebinding). In development, any address is
allowed and plain http:// is allowed for loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from server.core.errors import ValidationFailed
from tenants.core.text import has_unsafe_characters

MAX_URL_LENGTH = 2000
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"https": 443, "http": 80}

# IPv6 forms whose address is only a translation of the IPv4 address they end with.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
# RFC 8215 local-use NAT64 prefix: taken as a translation in its /96 form (zeros up to the IPv4
# address at the end); with another prefix length it is unclear which IPv4 address is meant.
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


@dataclass(frozen=True, slots=True)
class Target:
    """A checked webhook URL: ``host`` (IDNA, no brackets) names the server for the Host
    header and TLS; ``addresses`` are every address it resolved to, all checked."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[IpAddress, ...]


def _refuse(code: str = "INVALID_WEBHOOK_URL") -> ValidationFailed:
    return ValidationFailed(code, field="url")


async def check_target(url: str, development: bool) -> str:
    """The URL, cleaned, if a webhook may point there; raises INVALID_WEBHOOK_URL,
    WEBHOOK_PRIVATE_ADDRESS or WEBHOOK_UNREACHABLE otherwise."""
    return (await resolve_target(url, development)).url


async def resolve_target(url: str, development: bool) -> Target:
    """Like `check_target`, with the addresses a delivery may connect to."""
    cleaned = _cleaned(url)
    parts = urlsplit(cleaned)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise _refuse()
    if parts.username or parts.password or (parts.scheme == "http" and not development):
        raise _refuse()
    try:
        port = DEFAULT_PORTS[parts.scheme] if parts.port is None else parts.port
        host = parts.hostname.encode("idna").decode("ascii")
    except ValueError:  # a bad port, or a name IDNA cannot encode (UnicodeError)
        raise _refuse() from None
    if port == 0:
        raise _refuse()
    addresses = await _resolve(host, port)
    if parts.scheme == "http" and not all(_unmapped(a).is_loopback for a in addresses):
        raise _refuse()
    if not development and not all(is_public(a) for a in addresses):
        raise _refuse("WEBHOOK_PRIVATE_ADDRESS")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(cleaned, parts.scheme, host, port, path, addresses)


def _cleaned(url: str) -> str:
    """``url`` without surrounding whitespace; TOO_LONG past MAX_URL_LENGTH, INVALID_CHARACTERS
    for a control or format character inside it (a line break urllib drops silently, a
    right-to-left mark that makes the address read differently), and no other whitespace."""
    cleaned = url.strip()
    if len(cleaned) > MAX_URL_LENGTH:
        raise ValidationFailed("TOO_LONG", field="url", max=MAX_URL_LENGTH)
    if has_unsafe_characters(cleaned):
        raise ValidationFailed("INVALID_CHARACTERS", field="url")
    if any(ch.isspace() for ch in cleaned):
        raise _refuse()
    return cleaned


async def _resolve(host: str, port: int) -> tuple[IpAddress, ...]:
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        found = [ipaddress.ip_address(info[4][0]) for info in infos]
    except (OSError, UnicodeError, ValueError):
        raise _refuse("WEBHOOK_UNREACHABLE") from None
    addresses = tuple(dict.fromkeys(found))  # once each, in the resolver's order
    if not addresses:
        raise _refuse("WEBHOOK_UNREACHABLE")
    return addresses


def is_public(address: IpAddress) -> bool:
    """Whether a webhook may connect to ``address`` outside development."""
    if isinstance(address, ipaddress.IPv4Address):
        return _plainly_public(address)
    translated = _translated(address)
    if translated is not None:  # :: and ::1 included: 0.0.0.0 and 0.0.0.1 are not public
        return _plainly_public(translated)
    if address in _NAT64_LOCAL:
        return False  # not in the /96 form
    if address.is_site_local or not _plainly_public(address):
        return False
    return all(_plainly_public(ipv4) for ipv4 in _carried(address))


def _plainly_public(address: IpAddress) -> bool:
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def _translated(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, IPv4-compatible or NAT64 address stands for."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _IPV4_COMPATIBLE or address in _NAT64:
        return ipaddress.IPv4Address(address.packed[12:])
    if address in _NAT64_LOCAL and not any(address.packed[6:12]):
        return ipaddress.IPv4Address(address.packed[12:])
    return None


def _carried(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a 6to4 or Teredo address leads to (Teredo: server and client)."""
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    return []


def _unmapped(address: IpAddress) -> IpAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
