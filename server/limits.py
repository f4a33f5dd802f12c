"""Request body limits, enforced while the body streams in (a lying Content-Length cannot pass)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_BODY_LIMIT = 4 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """413 with a GraphQL-shaped error when a body exceeds its limit (multipart: the upload cap)."""

    def __init__(self, app: ASGIApp, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send)

    def _limit_for(self, scope: Scope) -> int:
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
        if content_type.startswith(b"multipart/"):
            return self.max_upload_bytes + 64 * 1024
        return JSON_BODY_LIMIT


def _content_length(scope: Scope) -> int | None:
    raw = dict(scope.get("headers", [])).get(b"content-length")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


async def _refuse(send: Send) -> None:
    body = json.dumps(
        {
            "errors": [
                {"message": "Request body too large", "extensions": {"code": "PAYLOAD_TOO_LARGE"}}
            ]
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
