"""A real ``iys serve`` process on a free loopback port, its log lines, and raw HTTP to it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.core.settings import Settings
from tests.conftest import TEST_KEY

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 90  # a loaded two-core machine imports the app slowly


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(f"{self.url}{path}", headers=headers or {})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def graphql(self, query: str, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            f"{self.url}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"content-type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())

    def accepts_connections(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
        except OSError:
            return False
        return True

    def lines(self) -> list[dict[str, Any]]:
        """The JSON log lines written so far (a non-JSON line fails the test)."""
        text = self.log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def wait(self) -> int:
        return self.process.wait(timeout=120)


def environment(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "IYS_DATA_DIR": str(settings.data_dir),
        "IYS_DATABASE_URL": settings.database_url,
        "IYS_JWT_PRIVATE_KEYS": TEST_KEY,
        "IYS_ARGON2_TIME_COST": "1",
        "IYS_ARGON2_MEMORY_COST": "8",
        "IYS_ARGON2_PARALLELISM": "1",
        "IYS_NOTIFY_WORKER": "false",
        "IYS_LOG_FORMAT": "json",
        **extra,
    }


@contextmanager
def served(settings: Settings, log: Path, **extra: str) -> Iterator[Served]:
    """Starts the server (the database is migrated already) and always stops it."""
    port = _free_port()
    command = [_iys(), "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=REPO, env=environment(settings, **extra), stdout=out, stderr=out
        )
    server = Served(process, port, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _wait_until_up(server: Served) -> None:
    deadline = time.monotonic() + START_SECONDS
    while server.process.poll() is None and time.monotonic() < deadline:
        try:
            if server.get("/healthz")[0] == 200:
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"iys serve did not start:\n{server.log.read_text(errors='replace')}")


def _iys() -> str:
    script = Path(sys.executable).parent / "iys"
    assert script.exists(), "install the project (make .venv/.installed-stamp)"
    return str(script)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def open_request(port: int, body: bytes, send: int, request_id: str) -> socket.socket:
    """A POST /graphql whose body is only partly sent: a request in flight, for as long as
    the test likes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Request-ID: {request_id}\r\n\r\n"
    )
    sock.sendall(head.encode() + body[:send])
    return sock


def finish_request(sock: socket.socket, rest: bytes) -> bytes:
    """Sends the rest of the body and reads the answer until the server closes."""
    sock.sendall(rest)
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    sock.close()
    return b"".join(chunks)


def until(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)
