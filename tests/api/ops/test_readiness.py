"""/healthz and /readyz: liveness asks nothing, readiness asks the database and migrations."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from server.core.db import db
from server.core.logs import JsonLineFormatter, RequestIdFilter
from server.core.settings import Settings
from tests.graphql import GraphQLClient


async def test_healthz_answers_ok(client: GraphQLClient) -> None:
    # when
    response = await client.http.get("/healthz")
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_ready_with_a_migrated_database(client: GraphQLClient) -> None:
    # when
    response = await client.http.get("/readyz")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok"},
    }
    assert response.headers["cache-control"] == "no-store"


@pytest.fixture
async def unrecorded_migration(client: GraphQLClient) -> AsyncIterator[str]:
    """The last migration is not recorded as applied (the shared PostgreSQL gets it back)."""
    _, rows = await db().execute_query(
        "SELECT id, app, name, applied_at FROM tortoise_migrations ORDER BY name DESC"
    )
    last = rows[0]
    await db().execute_query(f"DELETE FROM tortoise_migrations WHERE id = {int(last['id'])}")
    yield str(last["name"])
    placeholders = "$1, $2, $3, $4" if db().capabilities.dialect == "postgres" else "?, ?, ?, ?"
    await db().execute_query(
        f"INSERT INTO tortoise_migrations (id, app, name, applied_at) VALUES ({placeholders})",
        [last["id"], last["app"], last["name"], last["applied_at"]],
    )


async def test_readyz_names_missing_migrations_and_nothing_else(
    client: GraphQLClient, unrecorded_migration: str
) -> None:
    # when
    response = await client.http.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "failed"},
    }


async def test_the_readiness_warning_carries_the_request_id(
    client: GraphQLClient, unrecorded_migration: str
) -> None:
    # given our log handler on the readiness logger
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("server.core.readiness")
    logger.addHandler(handler)
    try:
        # when
        response = await client.http.get("/readyz", headers={"x-request-id": "probe-42"})
    finally:
        logger.removeHandler(handler)
    # then the warning names the migration, tagged with the request that saw it
    assert response.headers["x-request-id"] == "probe-42"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 1
    assert lines[0]["request_id"] == "probe-42"
    assert lines[0]["level"] == "WARNING"
    assert unrecorded_migration in lines[0]["message"]


async def test_readyz_is_unready_while_shutting_down_and_healthz_stays_alive(
    app: Any, client: GraphQLClient
) -> None:
    # when
    app.state.lifecycle.begin_draining()
    ready = await client.http.get("/readyz")
    alive = await client.http.get("/healthz")
    # then
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "checks": {"shutdown": "draining"}}
    assert alive.status_code == 200


class TestExhaustedDatabase:
    """Every database connection is busy: the check times out instead of hanging the probe."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"db_pool_max": 1, "ready_timeout_seconds": 0.5})

    async def test_readyz_answers_503_naming_the_database(self, client: GraphQLClient) -> None:
        # given another task holds the only connection in a transaction
        holding, release = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with in_transaction():
                holding.set()
                await release.wait()

        holder = asyncio.create_task(hold())
        await holding.wait()
        try:
            # when
            response = await client.http.get("/readyz")
        finally:
            release.set()
            await holder
        # then
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "checks": {"database": "timeout", "migrations": "timeout"},
        }
        # and once the connection is free again, the process is ready
        assert (await client.http.get("/readyz")).status_code == 200
