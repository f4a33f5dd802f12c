"""Facts about the HTTP request that are not the application's business to parse twice."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from server.core.settings import Settings


def client_ip(request: HTTPConnection, settings: Settings) -> str:
    """The peer address, or the last untrusted hop of X-Forwarded-For behind trusted proxies."""
    peer = request.client.host if request.client else "unknown"
    trusted = {p.strip() for p in settings.trusted_proxies.split(",") if p.strip()}
    if peer not in trusted:
        return peer
    # Every header line, in order: a proxy may add a line of its own rather than append to the
    # client's, and then the client's (forgeable) line comes first.
    lines = request.headers.getlist("x-forwarded-for")
    hops = [h.strip() for line in lines for h in line.split(",") if h.strip()]
    for hop in reversed(hops[-20:]):
        if hop not in trusted:
            return hop[:64]
    return peer
