"""server/spa.py: what the browser gets for the bundled app (no browser needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from server.spa import CONTENT_SECURITY_POLICY, IMMUTABLE, spa_routes

INDEX = (
    '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script>'
    "</head><body><div id=root></div></body></html>"
)


def _api(request: Request) -> Response:
    return JSONResponse({"api": True})


def _app(dist: Path) -> Starlette:
    return Starlette(
        routes=[
            Route("/graphql", _api, methods=["GET", "POST"]),
            Route("/healthz", _api),
            *spa_routes(dist),
        ]
    )


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (root / "assets" / "index-abc123.css").write_text("body{}", encoding="utf-8")
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return root


@pytest.fixture
def http(dist: Path) -> Iterator[TestClient]:
    with TestClient(_app(dist)) as client:
        yield client


def test_hashed_assets_are_cached_for_a_year(http: TestClient) -> None:
    r = http.get("/assets/index-abc123.js")
    assert r.status_code == 200
    assert r.headers["cache-control"] == IMMUTABLE
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["x-content-type-options"] == "nosniff"
    css = http.get("/assets/index-abc123.css")
    assert css.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(
    "path", ["/", "/signin", "/p/UHJvdmlkZXI6MQ/b/QnJhbmQ6MQ/consents", "/x?y=1"]
)
def test_app_paths_fall_back_to_index_without_caching(http: TestClient, path: str) -> None:
    r = http.get(path)
    assert r.status_code == 200
    assert r.text == INDEX
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"


def test_index_carries_a_strict_content_security_policy(http: TestClient) -> None:
    r = http.get("/")
    csp = r.headers["content-security-policy"]
    assert csp == CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert "unsafe" not in csp
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"]


def test_api_routes_win_over_the_fallback(http: TestClient) -> None:
    assert (http.get("/graphql")).json() == {"api": True}
    assert (http.get("/healthz")).json() == {"api": True}


@pytest.mark.parametrize(
    "path", ["/assets/missing-123.js", "/graphql/", "/.well-known/other", "/healthz/x"]
)
def test_misses_under_reserved_paths_are_404_not_the_app(http: TestClient, path: str) -> None:
    r = http.get(path)
    assert r.status_code == 404
    assert "outside" not in r.text


def test_traversal_cannot_leave_dist(http: TestClient) -> None:
    for path in ["/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt"]:
        r = http.get(path)
        assert "outside" not in r.text


def test_root_files_from_public_are_served(http: TestClient) -> None:
    r = http.get("/favicon.svg")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.headers["cache-control"] != "no-store"


def test_post_to_an_app_path_is_not_allowed(http: TestClient) -> None:
    assert (http.post("/signin")).status_code == 405


def test_missing_build_gives_a_notice_page_not_a_crash(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path / "nothing-here")) as client:
        r = client.get("/")
        assert r.status_code == 503
        assert "npm run build" in r.text
        assert r.headers["cache-control"] == "no-store"
        assert "content-security-policy" in r.headers
        assert (client.get("/assets/index-abc123.js")).status_code == 404
        assert (client.get("/graphql")).json() == {"api": True}
