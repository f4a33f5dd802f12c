"""Wake-ups for live subscriptions: PostgreSQL LISTEN/NOTIFY, or polling where there is none.

A writer calls ``notify(conn, topic)`` inside its transaction; PostgreSQL delivers the
notification only when (and if) that transaction commits, to every process listening on the
database. Each process holds one listening connection and fans notifications out to the
subscribers waiting on that topic. A wake-up carries no data: subscribers re-read the log they
follow, which stays the only source of truth, so a lost or doubled wake-up loses or doubles
nothing. Without a live listener (SQLite, or while the listener reconnects) subscribers poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise.backends.base.client import BaseDBAsyncClient

from server.core.settings import Settings
from server.core.sql import fetch, is_postgres

log = logging.getLogger(__name__)

CHANNEL = "izinhub_changes"
APPLICATION_NAME = "izinhub-listener"
HEALTH_CHECK_SECONDS = 10.0
RECONNECT_SECONDS = (0.5, 1.0, 2.0, 5.0)
MAX_TOPIC_LENGTH = 200


async def notify(conn: BaseDBAsyncClient, topic: str) -> None:
    """Wake ``topic``'s subscribers in every process once ``conn``'s transaction commits."""
    if is_postgres(conn):
        await fetch(conn, "SELECT pg_notify(?, ?)", [CHANNEL, topic[:MAX_TOPIC_LENGTH]])


class Waiter(Protocol):
    async def wait(self) -> None:
        """Return when the topic was notified, or when it is time to look anyway."""
        ...


class Signals(Protocol):
    """Where subscribers wait for their topic; ``start``/``stop`` bracket the app's life."""

    def subscribe(self, topic: str) -> contextlib.AbstractContextManager[Waiter]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class _Sleeper:
    def __init__(self, signals: PollingSignals) -> None:
        self._signals = signals

    async def wait(self) -> None:
        await asyncio.sleep(self._signals.poll_seconds)


class PollingSignals:
    """No notifications: every subscriber looks every ``poll_seconds`` (SQLite)."""

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds

    @contextlib.contextmanager
    def subscribe(self, topic: str) -> Iterator[Waiter]:
        yield _Sleeper(self)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class _Subscriber:
    def __init__(self, signals: PostgresSignals) -> None:
        self._signals = signals
        self.event = asyncio.Event()

    async def wait(self) -> None:
        """The event is cleared before the caller's next read, so a notification that lands
        during the read is not lost: the following wait returns at once."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.event.wait(), self._signals.timeout())
        self.event.clear()


class PostgresSignals:
    """One LISTEN connection per process, reconnecting when it drops.

    While it is down subscribers poll every ``poll_seconds``; when it goes down or comes back
    every subscriber is woken once, so nothing committed in between waits for the next poll.
    """

    def __init__(self, dsn: str, poll_seconds: float, safety_seconds: float) -> None:
        self._dsn = dsn
        self.poll_seconds = poll_seconds
        self.safety_seconds = safety_seconds
        self._topics: dict[str, set[_Subscriber]] = {}
        self._connected = False
        self._task: asyncio.Task[None] | None = None
        self.connections = 0  # how many times the listener connected (tests watch reconnects)

    @contextlib.contextmanager
    def subscribe(self, topic: str) -> Iterator[Waiter]:
        subscriber = _Subscriber(self)
        subscribers = self._topics.setdefault(topic[:MAX_TOPIC_LENGTH], set())
        subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            subscribers.discard(subscriber)
            if not subscribers:
                self._topics.pop(topic[:MAX_TOPIC_LENGTH], None)

    def timeout(self) -> float:
        return self.safety_seconds if self._connected else self.poll_seconds

    @property
    def connected(self) -> bool:
        return self._connected

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen(), name="pg-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _listen(self) -> None:
        failures = 0
        while True:
            try:
                await self._listen_once()
            except Exception as exc:  # whatever broke, the listener must come back
                log.warning("LISTEN connection lost, subscribers poll until it is back: %r", exc)
            failures = 0 if self._connected else failures + 1
            self._set_connected(False)
            await asyncio.sleep(RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)])

    async def _listen_once(self) -> None:
        """Connect, LISTEN, and watch the connection until it fails."""
        lost = asyncio.Event()
        conn = await asyncpg.connect(
            self._dsn, timeout=5, server_settings={"application_name": APPLICATION_NAME}
        )
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, self._on_notification)
            self.connections += 1
            self._set_connected(True)
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), HEALTH_CHECK_SECONDS)
                if lost.is_set():
                    raise asyncpg.InterfaceError("the listening connection was closed")
                await conn.fetchval("SELECT 1", timeout=5)  # a silently dead socket fails here
        finally:
            conn.terminate()

    def _on_notification(self, _conn: Any, _pid: int, _channel: str, topic: str) -> None:
        for subscriber in self._topics.get(topic, ()):
            subscriber.event.set()

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self._wake_all()

    def _wake_all(self) -> None:
        for subscribers in self._topics.values():
            for subscriber in subscribers:
                subscriber.event.set()


def asyncpg_dsn(database_url: str) -> str:
    """Our ``postgres://`` URL in the form asyncpg accepts (tortoise also allows ``asyncpg://``)."""
    parts = urlsplit(database_url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def build_signals(settings: Settings) -> Signals:
    if settings.is_postgres:
        return PostgresSignals(
            asyncpg_dsn(settings.resolved_database_url),
            settings.feed_poll_seconds,
            settings.feed_safety_poll_seconds,
        )
    return PollingSignals(settings.feed_poll_seconds)
