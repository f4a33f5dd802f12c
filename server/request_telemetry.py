"""Per request: an id for the logs and the X-Request-ID header, and the HTTP metrics.

The outermost layer of the application (see ``server.app.IzinHub``), so even a 413 from the
body limit or a 500 from Starlette's error handler carries the id and is counted.
"""

from __future__ import annotations

import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.core.logs import request_id_var
from server.core.metrics import http_request_seconds

HEADER = "x-request-id"
# Short, and nothing a log line or a response header could be tricked by (no spaces, quotes,
# control characters): UUIDs, hex and base64 trace ids pass, anything else is replaced.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,64}")
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


def request_id_from(scope: Scope) -> str:
    """The client's X-Request-ID when it is safe, else a new random one."""
    for name, value in scope.get("headers", ()):
        if name == HEADER.encode():
            offered = value.decode("latin-1")
            return offered if SAFE_REQUEST_ID.fullmatch(offered) else new_request_id()
    return new_request_id()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestTelemetry:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        token = request_id_var.set(request_id)
        if scope["type"] == "websocket":  # the id tags the connection's log lines only
            await self.app(scope, receive, send)
            request_id_var.reset(token)
            return
        await self._http(scope, receive, send, request_id)
        # Reset only on success: after an exception uvicorn logs it in this same task, and
        # that line should carry the id too. Each uvicorn request is its own task, so the
        # value cannot reach another request.
        request_id_var.reset(token)

    async def _http(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        started = time.perf_counter()
        status = 500  # if the application fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            http_request_seconds.labels(
                _method(scope), _route(scope), f"{status // 100}xx"
            ).observe(time.perf_counter() - started)


def _method(scope: Scope) -> str:
    method = str(scope.get("method", ""))
    return method if method in KNOWN_METHODS else "OTHER"


def _route(scope: Scope) -> str:
    """The template of the route that answered (``/ret/{token}``), never the path itself."""
    route = scope.get("route")  # set by Starlette's router on the scope we passed down
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED
