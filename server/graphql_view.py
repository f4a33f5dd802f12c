"""The GraphQL endpoint: builds the per-request context from the bearer credential.

The credential is an access token (a JWT) or an API key; keys start with ``izh_``, which no
JWT can (a JWT starts with its base64url header, ``eyJ``), so each is checked by its own path.
Over HTTP it comes in the Authorization header; over a WebSocket (graphql-transport-ws) in the
``connection_init`` payload as ``{"authorization": "Bearer ..."}``, checked once per connection.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.types.unset import UnsetType

from schema.context import Context
from server.core.clock import clock
from server.core.counters import Window
from server.core.errors import AppError, Unavailable
from server.core.i18n import LANGUAGES, pick_language, translate
from server.core.parsing import canonical_number
from server.core.principal import Principal, RequestMeta
from server.core.runtime import Runtime
from server.core.security.tokens import InvalidToken
from server.request_meta import client_ip
from tenants.accounts.api_keys import looks_like_key, principal_for_key
from tenants.accounts.services import principal_for
from tenants.recipients.codes import address_for_token

MAX_USER_AGENT = 512
KEY_WINDOW_SECONDS = 60
# Our inputs nest a handful of levels; json.loads itself fails near 1,000 (RecursionError), and
# recursive walks of the variables (the NUL check, deepcopy for uploads) well before that.
MAX_JSON_DEPTH = 64


class RateLimited(AppError):
    default_code = "RATE_LIMITED"


class NestedTooDeeply(json.JSONDecodeError):
    """JSON nested deeper than MAX_JSON_DEPTH: unreadable to us, like a syntax error."""

    def __init__(self, document: str | bytes) -> None:
        text = document if isinstance(document, str) else ""
        super().__init__("JSON nested too deeply", text, 0)


class AnonymousUpload(Exception):
    """A multipart request without a credential: refused before its body is read."""


class GraphQLView(GraphQL[Context, None]):
    """strawberry's ASGI view with our context; GET serves only the IDE."""

    def __init__(self, runtime: Runtime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """strawberry's HTTP handling, plus closing the request's form afterwards.

        A multipart upload is spooled to a temporary file; when the operation never reads it
        (an anonymous caller, a refused role), nobody else would close it.
        """
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            try:
                response = await self.run(request)
            except HTTPException as exc:
                response = _bad_request(exc.reason, exc.status_code)
            except UnicodeDecodeError:  # a JSON body that is not UTF-8
                response = _bad_request("Request body is not valid UTF-8", 400)
            except AnonymousUpload:
                response = _unauthenticated(_language(request, None))
            await response(scope, receive, send)
        finally:
            await _close_form(request)

    def decode_json(self, data: str | bytes) -> object:
        """A body that is JSON but not an object (null, a number, a string) is refused too.

        So is one nested deeper than MAX_JSON_DEPTH, as unreadable JSON (a WebSocket message
        too: strawberry closes the socket with 4400 for it).
        """
        try:
            decoded = super().decode_json(data)
        except RecursionError:
            raise NestedTooDeeply(data) from None
        if _nested_deeper_than(decoded, MAX_JSON_DEPTH):
            raise NestedTooDeeply(data)
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return decoded

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return self.decode_json(data)
        except NestedTooDeeply:
            raise HTTPException(400, "The request body is nested too deeply") from None
        except json.JSONDecodeError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        """The GraphQL multipart request, its ``operations`` and ``map`` checked first.

        strawberry trusts their shapes (a ``map`` that is a list, or names a path through a
        string, fails inside it as a Python exception, answered as a 500).
        """
        try:
            form = (await request.get_form_data()).form
        except (ValueError, MultiPartException, StarletteHTTPException):
            raise HTTPException(400, "Unable to parse the multipart body") from None
        operations = self.parse_json(_form_text(form, "operations"))
        if not isinstance(operations, dict):
            raise HTTPException(400, "The multipart `operations` must be a JSON object")
        files_map = self.parse_json(_form_text(form, "map"))
        _check_files_map(files_map, operations, form)
        return replace_placeholders_with_files(operations, files_map, form)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        meta = RequestMeta(
            client_ip(request, self.runtime.settings),
            request.headers.get("user-agent", "")[:MAX_USER_AGENT],
        )
        # A WebSocket's principal comes from its connection_init payload (on_ws_connect).
        header = request.headers.get("authorization", "") if isinstance(request, Request) else ""
        principal = await self._principal(header, meta)
        if principal is None and _is_upload(request) and not await _recipient_token(header):
            raise AnonymousUpload()  # strawberry asks for the context before reading the body
        return Context(
            request=request,
            runtime=self.runtime,
            principal=principal,
            lang=_language(request, principal),
            client_ip=meta.client_ip,
            meta=meta,
            auth_error=await self._over_limit(principal),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Resolves the connection's principal from ``connection_init``; none stays anonymous."""
        params = context.connection_params or {}
        header = params.get("authorization")
        credential = header if isinstance(header, str) else ""
        principal = await self._principal(credential, context.meta)
        context.principal = principal
        context.reauthenticate = functools.partial(self._principal, credential, context.meta)
        context.lang = _language(context.request, principal)
        context.auth_error = await self._over_limit(principal)
        return UnsetType()  # strawberry's UNSET: acknowledge without a payload

    async def _principal(self, header: str, meta: RequestMeta) -> Principal | None:
        principal = await self._credential_principal(header)
        if principal is not None:
            principal = dataclasses.replace(principal, meta=meta)
        return principal

    async def _credential_principal(self, header: str) -> Principal | None:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        if looks_like_key(token):
            return await principal_for_key(token)
        try:
            claims = self.runtime.tokens.verify(token, clock.now())
        except InvalidToken:
            return None
        return await principal_for(claims)

    async def _over_limit(self, principal: Principal | None) -> AppError | None:
        """Each API key gets a number of requests per minute; past it, protected fields refuse.

        When the shared counters do not answer, the key is refused too (TEMPORARILY_UNAVAILABLE):
        a limit that cannot be counted is not lifted.
        """
        if principal is None or principal.api_key_id is None:
            return None
        limit = self.runtime.settings.api_key_requests_per_minute
        window = Window(f"apikey:{principal.api_key_id}", limit, KEY_WINDOW_SECONDS)
        try:
            admitted = await self.runtime.counters.admit([window], clock.now().timestamp())
        except Unavailable as exc:
            return exc
        return None if admitted else RateLimited()


def _language(request: HTTPConnection, principal: Principal | None) -> str:
    """The request's preference when it names Turkish or English, else the tenant's default."""
    header = request.headers.get("accept-language")
    if _names_a_language(header) or principal is None:
        return pick_language(header)
    return principal.language


async def _close_form(request: Request) -> None:
    form = getattr(request, "_form", None)  # set by Starlette once the body was parsed
    if form is not None:
        await form.close()


def _names_a_language(header: str | None) -> bool:
    tags = (part.split(";")[0].strip().split("-")[0].lower() for part in (header or "").split(","))
    return any(tag in LANGUAGES for tag in list(tags)[:20])


def _is_upload(request: HTTPConnection) -> bool:
    content_type = request.headers.get("content-type", "").lower()
    return request.scope.get("method") == "POST" and content_type.startswith("multipart/")


async def _recipient_token(header: str) -> bool:
    """True for a live recipient token (the portal files complaints with a screenshot)."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return await address_for_token(token.strip(), clock.now()) is not None


def _form_text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):  # missing, or sent as a file
        raise HTTPException(400, f"The multipart request needs a `{name}` field")
    return value


def _check_files_map(
    files_map: object, operations: dict[str, Any], form: Mapping[str, Any]
) -> None:
    """``map``: an object of form field names to lists of paths, each to a null variable."""
    if not isinstance(files_map, dict):
        raise HTTPException(400, "The multipart `map` must be a JSON object")
    for name, paths in files_map.items():
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise HTTPException(400, "Each entry of the multipart `map` must be a list of paths")
        if not isinstance(form.get(name), UploadFile):
            raise HTTPException(400, "File(s) missing in form data")
        for path in paths:
            if not _names_a_null_variable(operations, path):
                raise HTTPException(400, "A multipart `map` path must name a null variable")


_MISSING = object()


def _names_a_null_variable(operations: dict[str, Any], path: str) -> bool:
    """True when ``path`` (``variables.file``, ``variables.files.0``) leads to a null."""
    keys = path.split(".")
    if len(keys) < 2 or keys[0] != "variables":
        return False
    target: object = operations
    for key in keys:
        if isinstance(target, dict):
            target = target.get(key, _MISSING)
        elif isinstance(target, list):
            index = canonical_number(key)  # strawberry reads it with int(): ' 1' and '٣' too
            target = target[index] if index is not None and index < len(target) else _MISSING
        else:
            return False
    return target is None


def _nested_deeper_than(value: object, limit: int) -> bool:
    """True when objects and arrays nest more than ``limit`` levels; walked without recursion."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: list[object]
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _unauthenticated(lang: str) -> Response:
    """As GraphQL answers a protected field for an anonymous caller, without running anything."""
    error = {
        "message": translate("UNAUTHENTICATED", lang),
        "extensions": {"code": "UNAUTHENTICATED"},
    }
    return JSONResponse({"data": None, "errors": [error]})


def _bad_request(reason: str, status: int) -> Response:
    """A request strawberry could not read, answered in GraphQL's error shape with a code."""
    return JSONResponse(
        {"errors": [{"message": reason, "extensions": {"code": "BAD_REQUEST"}}]},
        status_code=status,
    )
