"""Two real server processes (`iys serve`) on free ports, sharing one PostgreSQL test database
and the test Redis under this test's own key prefix.

They need PostgreSQL and Redis: without either the tests skip with the reason, and with
IYS_REQUIRE_POSTGRES=1 (CI) they fail instead. Both feed poll intervals are an hour, so a
subscription can only be woken by a PostgreSQL notification.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from server.core.db import close_db, init_db
from tests.conftest import REDIS_URL, TEST_KEY, _settings, _truncate_all
from tests.graphql import GraphQLClient

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
LOGIN_MAX_ATTEMPTS = 3


@dataclass
class ServerProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"


@dataclass
class TwoServers:
    a: ServerProcess
    b: ServerProcess
    client_a: GraphQLClient
    client_b: GraphQLClient
    data_dir: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str, redis_prefix: str, data_dir: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("IYS_")}
    return inherited | {
        "IYS_DATABASE_URL": database_url,
        "IYS_DATA_DIR": str(data_dir),
        "IYS_JWT_PRIVATE_KEYS": TEST_KEY,  # both processes sign and verify with one key
        "IYS_ARGON2_TIME_COST": "1",
        "IYS_ARGON2_MEMORY_COST": "8",
        "IYS_ARGON2_PARALLELISM": "1",
        "IYS_REDIS_URL": REDIS_URL,
        "IYS_REDIS_PREFIX": redis_prefix,
        "IYS_LOGIN_MAX_ATTEMPTS": str(LOGIN_MAX_ATTEMPTS),
        "IYS_NOTIFY_WORKER": "false",
        "IYS_FEED_POLL_SECONDS": "3600",
        "IYS_FEED_SAFETY_POLL_SECONDS": "3600",
    }


def _start(name: str, env: dict[str, str], data_dir: Path) -> ServerProcess:
    port = _free_port()
    log = data_dir / f"server-{name}.log"
    script = Path(sys.executable).parent / "iys"
    command = [str(script), "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return ServerProcess(f"http://127.0.0.1:{port}", process, log)


async def _wait_until_up(server: ServerProcess) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    async with httpx.AsyncClient(base_url=server.url, timeout=2) as http:
        while True:
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if server.process.poll() is not None or loop.time() > deadline:
                pytest.fail(
                    f"{server.url} did not start:\n{server.log.read_text(errors='replace')}"
                )
            await asyncio.sleep(0.2)


def _stop(server: ServerProcess) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
async def two_servers(
    postgres_url: str, postgres_owner_url: str, redis_prefix: str, tmp_path: Path
) -> AsyncIterator[TwoServers]:
    """Servers A and B on an emptied test database, with a GraphQL client for each."""
    await init_db(_settings(tmp_path, postgres_url))
    try:
        await _truncate_all(postgres_owner_url)
    finally:
        await close_db()
    env = _environment(postgres_url, redis_prefix, tmp_path)
    a = _start("a", env, tmp_path)
    b = _start("b", env, tmp_path)
    try:
        await asyncio.gather(_wait_until_up(a), _wait_until_up(b))
        async with (
            httpx.AsyncClient(base_url=a.url, timeout=30) as http_a,
            httpx.AsyncClient(base_url=b.url, timeout=30) as http_b,
        ):
            yield TwoServers(a, b, GraphQLClient(http_a), GraphQLClient(http_b), tmp_path)
    finally:
        _stop(a)
        _stop(b)
