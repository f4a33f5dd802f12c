"""The GraphQL endpoint: builds the per-request context from the bearer token."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from schema.context import Context
from server.core.clock import clock
from server.core.i18n import pick_language
from server.core.runtime import Runtime
from server.core.security.tokens import InvalidToken
from server.request_meta import client_ip
from tenants.accounts.services import principal_for


class GraphQLView(GraphQL[Context, None]):
    """strawberry's ASGI view with our context; GET serves only the IDE."""

    def __init__(self, runtime: Runtime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runtime = runtime

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        return Context(
            request=request,
            runtime=self.runtime,
            principal=await self._principal(request),
            lang=pick_language(request.headers.get("accept-language")),
            client_ip=client_ip(request, self.runtime.settings),
        )

    async def _principal(self, request: Request) -> Any:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        try:
            claims = self.runtime.tokens.verify(token.strip(), clock.now())
        except InvalidToken:
            return None
        return await principal_for(claims)
