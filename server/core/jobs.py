"""One job interface, two engines.

A job is a named async function called with JSON-able keyword arguments (`JobDefinition`).
Code that starts work calls ``JobQueue.enqueue(name, args, key=..., at=...)``; which engine runs
it is the deployment's choice (``IYS_JOB_ENGINE``):

- ``inprocess`` (the default on SQLite): asyncio tasks in the server process (`InProcessJobs`).
  Nothing is kept outside the database rows the jobs work on, so after a restart the server
  resumes interrupted imports and the periodic scans find due notices and deliveries again.
- ``procrastinate`` (the default on PostgreSQL): jobs are rows in PostgreSQL, run by
  ``iys worker`` processes (`server.core.procrastinate_jobs`); the API only enqueues.

Both engines give the same guarantees: at most one queued-or-running job per ``key`` (a second
enqueue is refused), a job that raises `RetryLater` runs again at the given time, periodic jobs
run every ``every_seconds``, and at shutdown running jobs get a grace period and are then
cancelled, to be run again (imports carry on after their last committed batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from server.core.clock import clock

if TYPE_CHECKING:
    from server.core.settings import Settings

log = logging.getLogger(__name__)

JsonValue = int | float | str | bool | None
JobArgs = Mapping[str, JsonValue]
JobHandler = Callable[..., Awaitable[None]]


class RetryLater(Exception):
    """Raised by a job whose work must be tried again at ``at``; the job's own records (a
    notice's or a delivery's attempts and next attempt time) decide when, and when to stop."""

    def __init__(self, at: datetime) -> None:
        super().__init__(f"retry at {at.isoformat()}")
        self.at = at


class UnknownJob(LookupError):
    """No job of that name was registered."""


@dataclass(frozen=True, slots=True)
class JobDefinition:
    """``handler`` is called with the job's arguments as keywords; a periodic job
    (``every_seconds``) takes none and is enqueued with its name as key, so runs never pile up."""

    name: str
    handler: JobHandler
    every_seconds: float | None = None


class JobQueue(Protocol):
    """What the rest of the code sees of the job engine."""

    def register(self, *definitions: JobDefinition) -> None: ...

    async def enqueue(
        self,
        name: str,
        args: JobArgs | None = None,
        *,
        key: str | None = None,
        at: datetime | None = None,
    ) -> bool:
        """Queue a job, to run at ``at`` (default now); False when a job with the same ``key``
        is already queued or running."""
        ...

    async def enqueue_many(self, name: str, keyed: Sequence[tuple[str, JobArgs]]) -> int:
        """Queue one job per ``(key, args)`` whose key is free; returns how many were queued."""
        ...

    async def start(self) -> None:
        """Open what enqueueing needs; the in-process engine also starts its periodic jobs."""
        ...

    async def shutdown(self) -> None:
        """Stop taking jobs; let running ones finish within the grace period, cancel the rest."""
        ...


def build_job_queue(settings: Settings) -> JobQueue:
    """The engine the settings select."""
    if settings.resolved_job_engine == "procrastinate":
        from server.core.procrastinate_jobs import ProcrastinateJobs

        return ProcrastinateJobs(settings)
    return InProcessJobs(settings.job_concurrency, settings.job_grace_seconds)


class InProcessJobs:
    """The embedded engine: each job an asyncio task, at most ``concurrency`` running at once."""

    def __init__(self, concurrency: int = 4, grace_seconds: float = 30.0) -> None:
        self._definitions: dict[str, JobDefinition] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._keys: dict[str, asyncio.Task[None]] = {}
        self._waiting: set[asyncio.Task[None]] = set()  # sleeping until their time
        self._periodic: list[asyncio.Task[None]] = []
        self._slots = asyncio.Semaphore(concurrency)
        self._grace_seconds = grace_seconds
        self._accepting = True

    def register(self, *definitions: JobDefinition) -> None:
        for definition in definitions:
            self._definitions[definition.name] = definition

    async def enqueue(
        self,
        name: str,
        args: JobArgs | None = None,
        *,
        key: str | None = None,
        at: datetime | None = None,
    ) -> bool:
        definition = self._definition(name)
        if not self._accepting or (key is not None and key in self._keys):
            return False
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._run(definition, dict(args or {}), at), name=key or name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if key is not None:
            self._keys[key] = task
            task.add_done_callback(lambda _: self._keys.pop(key, None))
        return True

    async def enqueue_many(self, name: str, keyed: Sequence[tuple[str, JobArgs]]) -> int:
        return sum([await self.enqueue(name, args, key=key) for key, args in keyed])

    def _definition(self, name: str) -> JobDefinition:
        try:
            return self._definitions[name]
        except KeyError:
            raise UnknownJob(name) from None

    async def _run(
        self, definition: JobDefinition, args: dict[str, JsonValue], at: datetime | None
    ) -> None:
        while True:
            await self._until(at)
            try:
                async with self._slots:
                    await definition.handler(**args)
                return
            except RetryLater as retry:
                at = retry.at
            except Exception:
                log.exception("job %s %s failed", definition.name, args)
                return

    async def _until(self, at: datetime | None) -> None:
        delay = (at - clock.now()).total_seconds() if at is not None else 0
        if delay <= 0:
            return
        task = asyncio.current_task()
        assert task is not None
        self._waiting.add(task)
        try:
            await asyncio.sleep(delay)
        finally:
            self._waiting.discard(task)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for definition in self._definitions.values():
            if definition.every_seconds is not None:
                beat = loop.create_task(self._beat(definition), name=f"every {definition.name}")
                self._periodic.append(beat)

    async def _beat(self, definition: JobDefinition) -> None:
        assert definition.every_seconds is not None
        while True:
            await asyncio.sleep(definition.every_seconds)
            await self.enqueue(definition.name, key=definition.name)

    async def drain(self) -> None:
        """Wait until no job is queued or running (tests use it to see a job's end state)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def shutdown(self) -> None:
        self._accepting = False
        await _cancel(self._periodic)
        await _cancel(list(self._waiting))
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=self._grace_seconds)
        if self._tasks:
            log.warning("%d jobs still running after the grace period: cancelled", len(self._tasks))
        await _cancel(list(self._tasks))


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
