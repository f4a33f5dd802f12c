"""Serving the bundled web app (frontend/dist): hashed assets cached for a year, every other
page path falling back to index.html, never cached, under a strict Content-Security-Policy.

Mount these routes after the API routes (/graphql, /.well-known/jwks.json, /healthz): the
catch-all answers every GET that nothing else claimed.
"""

from __future__ import annotations

import html
import mimetypes
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"

# The build inlines nothing (vite.config.ts), so 'self' is enough for scripts and styles; React
# sets element styles through the CSSOM, which style-src does not govern.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
PAGE_HEADERS = {
    **SECURITY_HEADERS,
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cache-control": "no-store",
}
IMMUTABLE = "public, max-age=31536000, immutable"
# Root files copied from frontend/public (favicon.svg, robots.txt): not hashed, so revalidated.
ROOT_FILE_CACHE = "public, max-age=3600"
# Paths the API owns: a miss there is a 404, never the app's index.html.
RESERVED_PREFIXES = ("graphql", ".well-known", "healthz", "assets")

NOT_BUILT_PAGE = """<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><title>İzinHub</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>İzinHub</h1>
<p>Web arayüzü henüz derlenmedi. / The web app has not been built yet.</p>
<p><code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code> (or <code>make run</code>)
then reload. The API is at <a href="/graphql">/graphql</a>.</p>
<p>Looked for: <code>{dist}</code></p></body></html>
"""


def spa_routes(dist: Path = DEFAULT_DIST) -> list[BaseRoute]:
    """Routes serving the built app from ``dist``; a missing build gives a short notice page."""
    dist = dist.resolve()
    assets = dist / "assets"

    async def asset(request: Request) -> Response:
        name = str(request.path_params["name"])
        path = _inside(assets, name)
        if path is None:
            return _not_found()
        return FileResponse(
            path,
            media_type=_media_type(path),
            headers={**SECURITY_HEADERS, "cache-control": IMMUTABLE},
        )

    async def page(request: Request) -> Response:
        rest = str(request.path_params.get("rest", ""))
        first = rest.split("/", 1)[0]
        if first in RESERVED_PREFIXES:
            return _not_found()
        index = dist / "index.html"
        if not index.is_file():
            return HTMLResponse(
                NOT_BUILT_PAGE.format(dist=html.escape(str(dist))),
                status_code=503,
                headers=PAGE_HEADERS,
            )
        if rest and "/" not in rest and first != "index.html":
            root_file = _inside(dist, rest)
            if root_file is not None:
                return FileResponse(
                    root_file,
                    media_type=_media_type(root_file),
                    headers={**SECURITY_HEADERS, "cache-control": ROOT_FILE_CACHE},
                )
        return FileResponse(index, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    return [
        Route("/assets/{name:path}", asset, methods=["GET", "HEAD"]),
        Route("/{rest:path}", page, methods=["GET", "HEAD"]),
    ]


def _inside(root: Path, name: str) -> Path | None:
    """The regular file ``root/name``, or None when it is missing or escapes ``root``."""
    if not name or "\x00" in name or "\\" in name:
        return None
    try:
        candidate = (root / name).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _media_type(path: Path) -> str:
    known = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    if path.suffix in known:
        return known[path.suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _not_found() -> Response:
    return PlainTextResponse(
        "Not found", status_code=404, headers={**SECURITY_HEADERS, "cache-control": "no-store"}
    )
