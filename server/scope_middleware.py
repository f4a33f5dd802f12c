"""Every request starts with no tenant scope, whatever the server's own task carried."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from server.core.tenancy import no_tenant


class ResetTenantScope:
    """Pure ASGI (not BaseHTTPMiddleware), so the scope is the one the handlers' task sees:
    each handler then names its tenant (the GraphQL operation's caller, a download's bearer,
    a link's token) before it touches tenant rows."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with no_tenant():
            await self.app(scope, receive, send)
