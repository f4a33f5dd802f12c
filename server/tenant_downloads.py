"""File downloads for signed-in users: the daily reconciliation CSV, complaint screenshots.

Authenticated like the API, with ``Authorization: Bearer <accessToken>`` (never a cookie), so a
link cannot be abused cross-site.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from schema.relay import pk_of
from server.core.clock import clock
from server.core.errors import NotFound, ValidationFailed
from server.core.parsing import parse_day
from server.core.principal import Principal
from server.core.runtime import Runtime
from server.core.security.tokens import InvalidToken
from server.core.tenancy import as_tenant
from tenants.accounts.services import principal_for
from tenants.complaints.screenshots import load
from tenants.complaints.services import get_complaint
from tenants.consents.reconciliation import reconciliation_file


async def bearer_principal(request: Request, runtime: Runtime) -> Principal | None:
    """The signed-in user of the request's bearer token, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = runtime.tokens.verify(token.strip(), clock.now())
    except InvalidToken:
        return None
    principal: Principal | None = await principal_for(claims)
    return principal


def _error(status: int, code: str) -> Response:
    return JSONResponse({"error": {"code": code}}, status_code=status)


async def _streamed_as(tenant_id: int, chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The response is written after the handler returns: its reads keep the tenant's scope."""
    with as_tenant(tenant_id):
        async for chunk in chunks:
            yield chunk


def download_routes(runtime: Runtime) -> list[BaseRoute]:
    async def reconciliation_csv(request: Request) -> Response:
        principal = await bearer_principal(request, runtime)
        if principal is None:
            return _error(401, "UNAUTHENTICATED")
        try:
            day = parse_day(request.path_params["day"], "day")
        except ValidationFailed as refused:
            return _error(400, refused.code)
        brand_pk = pk_of(request.path_params["brand_id"], "Brand")
        try:
            with as_tenant(principal.tenant_id):
                summary, chunks = await reconciliation_file(
                    principal.tenant_id, brand_pk, day, principal.scope
                )
        except NotFound:
            return _error(404, "NOT_FOUND")
        except ValidationFailed as refused:
            return _error(400, refused.code)
        # The hash is of exactly the bytes sent: both read the same cut of the day.
        headers = {
            "content-disposition": f'attachment; filename="{summary.file_name}"',
            "x-content-sha384": summary.sha384,
            "cache-control": "no-store",
        }
        body = _streamed_as(principal.tenant_id, chunks)
        return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=headers)

    async def complaint_screenshot(request: Request) -> Response:
        principal = await bearer_principal(request, runtime)
        if principal is None:
            return _error(401, "UNAUTHENTICATED")
        pk = pk_of(request.path_params["complaint_id"], "Complaint")
        try:
            with as_tenant(principal.tenant_id):
                complaint = await get_complaint(principal.tenant_id, pk, principal.scope)
        except NotFound:
            return _error(404, "NOT_FOUND")
        if not complaint.screenshot_name or not complaint.screenshot_type:
            return _error(404, "NOT_FOUND")
        data = await load(runtime.settings.data_dir, principal.tenant_id, complaint.screenshot_name)
        headers = {"cache-control": "no-store", "x-content-type-options": "nosniff"}
        return Response(data, media_type=complaint.screenshot_type, headers=headers)

    return [
        Route("/reconciliation/{brand_id}/{day}.csv", reconciliation_csv, methods=["GET"]),
        Route("/complaints/{complaint_id}/screenshot", complaint_screenshot, methods=["GET"]),
    ]
