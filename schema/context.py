"""One typed context per request: who calls, in which language, with per-request loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from server.core.errors import AppError
from server.core.principal import Principal, RequestMeta

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    from server.core.runtime import Runtime


class Unauthenticated(AppError):
    default_code = "UNAUTHENTICATED"


@dataclass
class Context:
    """Built by the GraphQL view for every request or WebSocket; resolvers only read it."""

    request: Request | WebSocket
    runtime: Runtime
    principal: Principal | None
    lang: str
    client_ip: str
    loaders: dict[str, Any] = field(default_factory=dict)
    meta: RequestMeta = field(default_factory=RequestMeta)
    # Set when a credential was presented but must be refused with its own code (RATE_LIMITED).
    auth_error: AppError | None = None
    # A WebSocket's connection_init payload; strawberry sets it before calling on_ws_connect.
    connection_params: dict[str, object] | None = None
    # A WebSocket's way to resolve its credential again, as every HTTP request does: a
    # subscription outlives the moment it was authorised (set in on_ws_connect).
    reauthenticate: Callable[[], Awaitable[Principal | None]] | None = None

    @property
    def tenant_id(self) -> int:
        return self.require_principal().tenant_id

    def require_principal(self) -> Principal:
        if self.auth_error is not None:
            raise self.auth_error
        if self.principal is None:
            raise Unauthenticated()
        return self.principal


Info = StrawberryInfo[Context, None]
