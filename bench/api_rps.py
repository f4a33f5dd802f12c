"""GraphQL ``consents(first: 100)`` with its brand against the hand-written baseline, on PostgreSQL.

Both servers are real processes (uvicorn, 2 worker processes each) over the same database, loaded
in turn, twice each, by the same client: a separate process of CONCURRENCY httpx connections with
keep-alive. The machine is small and the client shares it with the servers, so the ratio is the
figure to watch.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench import pg_data

ROOT = Path(__file__).resolve().parents[1]
WORKERS, CONCURRENCY, WARMUP_S, MEASURE_S, ROUNDS = 2, 16, 2.0, 8.0, 2
PAGE_BRAND = 2  # the brand of 100,000 consents
PASSWORD = "Bench-password-6563"
QUERY = """query($b: ID!) { consents(brandId: $b, first: 100) {
  edges { node { id recipient type recipientType status source consentDate creationDate
                 transactionId brand { id name brandCode master } } }
  pageInfo { hasNextPage } } }"""
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { ... on AuthPayload { accessToken } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _private_key() -> str:
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key.decode()


def _start(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", target, "--factory", "--workers", str(WORKERS)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--no-access-log"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def _wait_ready(url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            try:
                await http.get(url)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


async def _login(base: str) -> str:
    variables = {
        "i": {"tenant": pg_data.BENCH_SLUG, "email": pg_data.BENCH_EMAIL, "password": PASSWORD}
    }
    async with httpx.AsyncClient(base_url=base) as http:
        body = (await http.post("/graphql", json={"query": LOGIN, "variables": variables})).json()
    return str(body["data"]["login"]["accessToken"])


async def _load(request: httpx.Request, check: Any) -> dict[str, float]:
    """CONCURRENCY clients in a loop: requests per second and median latency after a warm-up."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    latencies: list[float] = []
    errors = 0
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        start = time.perf_counter()
        measure_from, stop_at = start + WARMUP_S, start + WARMUP_S + MEASURE_S

        async def client() -> None:
            nonlocal errors
            while (now := time.perf_counter()) < stop_at:
                response = await http.send(request)
                done = time.perf_counter()
                if now >= measure_from:
                    latencies.append(done - now)
                    errors += 0 if response.status_code == 200 and check(response) else 1
                await response.aclose()

        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return {
        "rps": len(latencies) / MEASURE_S,
        "p50_ms": statistics.median(latencies) * 1000,
        "errors": errors,
    }


def _graphql_ok(response: httpx.Response) -> bool:
    edges = response.json()["data"]["consents"]["edges"]
    return len(edges) == 100 and edges[0]["node"]["brand"]["brandCode"] > 0


def _baseline_ok(response: httpx.Response) -> bool:
    edges = response.json()["edges"]
    return len(edges) == 100 and edges[0]["node"]["brand"]["brandCode"] > 0


async def _measure(gql_base: str, plain_base: str) -> dict[str, Any]:
    from schema.relay import to_global_id

    token = await _login(gql_base)
    gql = httpx.Request(
        "POST",
        f"{gql_base}/graphql",
        json={"query": QUERY, "variables": {"b": to_global_id("Brand", PAGE_BRAND)}},
        headers={"authorization": f"Bearer {token}"},
    )
    plain = httpx.Request("GET", f"{plain_base}/consents?tenant=1&brand={PAGE_BRAND}&first=100")
    rounds: dict[str, list[dict[str, float]]] = {"gql": [], "base": []}
    for _ in range(ROUNDS):  # interleaved, so a noisy moment hits both
        rounds["gql"].append(await _load(gql, _graphql_ok))
        rounds["base"].append(await _load(plain, _baseline_ok))
    return {
        f"{name}_{key}": statistics.mean(r[key] for r in runs)
        for name, runs in rounds.items()
        for key in ("rps", "p50_ms", "errors")
    }


def api_rps(admin_url: str, db_name: str, folder: str) -> dict[str, Any]:
    data_dir = Path(folder)
    data_dir.mkdir(parents=True, exist_ok=True)
    password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    built = pg_data.build(admin_url, db_name, password_hash, data_dir)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "IYS_DATABASE_URL": built["url"],
        "IYS_DATA_DIR": str(data_dir),
        "IYS_JWT_PRIVATE_KEYS": _private_key(),  # one key for both workers
        "IYS_NOTIFY_WORKER": "false",
        "BENCH_DATABASE_URL": built["url"],
    }
    gql_port, plain_port = _free_port(), _free_port()
    servers = [
        _start("server.app:create_app", gql_port, env),
        _start("bench.baseline_app:create_app", plain_port, env),
    ]
    try:
        gql_base, plain_base = f"http://127.0.0.1:{gql_port}", f"http://127.0.0.1:{plain_port}"
        asyncio.run(_wait_ready(f"{gql_base}/graphql"))
        asyncio.run(_wait_ready(f"{plain_base}/consents?tenant=1&brand=1&first=1"))
        figures = asyncio.run(_measure(gql_base, plain_base))
    finally:
        for server in servers:
            _stop(server)
        asyncio.run(pg_data.drop(admin_url, db_name))
    return {k: v for k, v in built.items() if k != "url"} | figures | {"concurrency": CONCURRENCY}


def render(result: dict[str, Any]) -> list[str]:
    """The PostgreSQL sections of bench/RESULTS.md."""
    ratio = result["base_rps"] / result["gql_rps"]
    lines = [
        f"## PostgreSQL: {result['consents']:,.0f} consents, {pg_data.OTHER_TENANTS + 1} tenants",
        "",
        f"- Filled by SQL in {result['fill_seconds']:.0f} s; migration 0005 (the tenant in every "
        f"key) over these rows and as many movements: **{result['keys_seconds']:.1f} s**.",
        "",
        "### Hot queries, median of 30 (one tenant; its brands of three sizes)",
        "",
        "| query | brand's consents | median ms | reached through |",
        "| --- | ---: | ---: | --- |",
    ]
    lines += [
        f"| {h['query']} | {h['brand_consents']:,} | {h['median_ms']:.2f} | {h['plan']} |"
        for h in result["hot"]
    ]
    lines += [
        "",
        f"### consents(first: 100) with its brand, {WORKERS} uvicorn workers each, "
        f"{result['concurrency']} connections",
        "",
        "| | requests/s | median ms | errors |",
        "| --- | ---: | ---: | ---: |",
        f"| baseline: hand-written Starlette + asyncpg JSON (bench/baseline_app.py) "
        f"| {result['base_rps']:,.0f} | {result['base_p50_ms']:.1f} "
        f"| {result['base_errors']:.0f} |",
        f"| GraphQL (auth, permissions, ORM, loaders) | {result['gql_rps']:,.0f} "
        f"| {result['gql_p50_ms']:.1f} | {result['gql_errors']:.0f} |",
        "",
        f"- Ratio baseline / GraphQL requests per second: **{ratio:.1f}×**. SQL statements per "
        "request do not grow with the page size (tests/api/consents/test_consents_statements.py).",
        "",
    ]
    return lines
