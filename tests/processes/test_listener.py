"""The process's LISTEN connection: fans notifications out by topic and comes back when killed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest

from server.core.db import close_db, db, init_db
from server.core.notify import APPLICATION_NAME, PostgresSignals, asyncpg_dsn, notify
from tests.conftest import _settings

TOPIC = "movements:1:1"
WAKE_TIMEOUT = 10.0


@pytest.fixture
async def signals(postgres_url: str, tmp_path: Path) -> AsyncIterator[PostgresSignals]:
    """A started listener whose subscribers never poll: only notifications wake them."""
    await init_db(_settings(tmp_path, postgres_url))
    listener = PostgresSignals(asyncpg_dsn(postgres_url), poll_seconds=3600, safety_seconds=3600)
    await listener.start()
    try:
        await _until(lambda: listener.connected)
        yield listener
    finally:
        await listener.stop()
        await close_db()


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(int(WAKE_TIMEOUT * 20)):
        if condition():
            return
        await asyncio.sleep(0.05)
    pytest.fail("the listener did not get there")


async def _woken(wait: Callable[[], Awaitable[None]], seconds: float) -> bool:
    try:
        await asyncio.wait_for(wait(), seconds)
    except TimeoutError:
        return False
    return True


async def _kill_listener(postgres_url: str) -> int:
    conn = await asyncpg.connect(postgres_url)
    try:
        killed = await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = $1 AND datname = $2",
            APPLICATION_NAME,
            urlsplit(postgres_url).path.lstrip("/"),
        )
    finally:
        await conn.close()
    return int(killed)


async def test_a_notification_wakes_only_the_subscribers_of_its_topic(
    signals: PostgresSignals,
) -> None:
    with signals.subscribe(TOPIC) as mine, signals.subscribe("movements:1:2") as other:
        # when a write notifies one topic
        await notify(db(), TOPIC)
        # then its subscriber wakes, the other topic's does not
        assert await _woken(mine.wait, WAKE_TIMEOUT)
        assert not await _woken(other.wait, 0.5)


async def test_the_listener_reconnects_after_its_connection_is_killed(
    signals: PostgresSignals, postgres_url: str
) -> None:
    with signals.subscribe(TOPIC) as waiter:
        # given the listening connection is killed by the server
        assert await _kill_listener(postgres_url) == 1
        # then subscribers are woken to look for themselves, and the listener comes back
        assert await _woken(waiter.wait, WAKE_TIMEOUT)
        await _until(lambda: signals.connections == 2 and signals.connected)
        await _woken(waiter.wait, 0.5)  # the wake-up of the reconnection, if not seen yet
        # and a later write wakes the subscriber through the new connection
        await notify(db(), TOPIC)
        assert await _woken(waiter.wait, WAKE_TIMEOUT)
