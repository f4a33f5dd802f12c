"""End-to-end fixtures: the real server on a free port with a fresh SQLite data folder, and
Debian's Chromium driven by Playwright (nothing downloads a browser).

Without Chromium, the Python playwright package or a built frontend (frontend/dist) the browser
tests skip with the reason; with IYS_REQUIRE_E2E=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "frontend" / "dist"
SCREENSHOTS = REPO / "frontend" / "screenshots"
REQUIRE = os.environ.get("IYS_REQUIRE_E2E") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives Chromium against the real server")


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"IYS_REQUIRE_E2E=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def shared_dir() -> Path:
    """The shared folder with the file generator: <repo>/../shared unless told otherwise."""
    return Path(os.environ.get("IZINHUB_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("IYS_CHROMIUM") or shutil.which("chromium")
    if not path:
        _unavailable("chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python playwright package is not installed (pip install -e '.[dev]')")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def built_frontend() -> Path:
    if not (DIST / "index.html").is_file():
        _unavailable("frontend/dist is missing: build it with `make frontend`")
    return DIST


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _iys_command() -> list[str]:
    script = Path(sys.executable).parent / "iys"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from server.cli import main; sys.exit(main())"]


# Until server/app.py mounts server.spa, run the same app with the SPA routes appended.
_WITH_SPA = """
import sys, uvicorn
from server.app import create_app
from server.core.settings import get_settings
from server.spa import spa_routes
app = create_app(get_settings())
app.router.routes.extend(spa_routes())
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    log: Path

    def graphql(self, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
        import json

        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            f"{self.url}/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"content-type": "application/json"}
            | ({"authorization": f"Bearer {token}"} if token else {}),
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, built_frontend: Path
) -> Iterator[LiveServer]:
    with serving(tmp_path_factory.mktemp("e2e-data")) as server:
        yield server


@contextmanager
def serving(data_dir: Path, **settings: str) -> Iterator[LiveServer]:
    """``iys serve`` on a free port over a fresh SQLite database in ``data_dir``, with
    ``settings`` (IYS_* variables) on top of the test defaults."""
    log = data_dir / "server.log"
    env = {
        **os.environ,
        "IYS_DATA_DIR": str(data_dir),
        "IYS_DATABASE_URL": "",
        # Cheap password hashing: the browser tests sign up several tenants.
        "IYS_ARGON2_TIME_COST": "1",
        "IYS_ARGON2_MEMORY_COST": "8192",
        "IYS_ARGON2_PARALLELISM": "1",
        **settings,
    }
    subprocess.run(  # noqa: S603
        [*_iys_command(), "migrate"], cwd=REPO, env=env, check=True, capture_output=True
    )
    port = _free_port()
    app_source = (REPO / "server" / "app.py").read_text(encoding="utf-8")
    if "spa_routes" in app_source:
        command = [*_iys_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    else:
        command = [sys.executable, "-c", _WITH_SPA, str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield LiveServer(url=url, data_dir=data_dir, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    # Module scope: sync Playwright runs an event loop on this thread while it is open, which
    # pytest-asyncio's tests elsewhere in the suite must not find.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageProblems:
    """Console errors and CSP violations seen by a page; a test fails on any."""

    messages: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(message.text)

    def unexpected(self) -> list[str]:
        # Failed requests the app answers in words (401 on a bad sign-in...) are not page bugs;
        # anything else, CSP violations in particular, is.
        return [m for m in self.messages if "Failed to load resource" not in m]


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    """A Turkish desktop browser context on ``base_url``, as the tests' user has."""
    context = browser.new_context(
        base_url=base_url,
        viewport=DESKTOP,  # type: ignore[arg-type]
        locale="tr-TR",
        timezone_id="Europe/Istanbul",
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = new_context(browser, live_server.url)
    page = context.new_page()
    problems = PageProblems()
    page.on("console", problems.on_console)
    page.on("pageerror", lambda exc: problems.messages.append(f"page error: {exc}"))
    yield page
    context.close()
    assert problems.unexpected() == [], "the page logged errors"


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def screenshot(page: Page, name: str) -> None:
    """Saves frontend/screenshots/<name>.png: the README shows the app through these."""
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_path(name)), full_page=True)
