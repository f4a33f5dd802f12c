"""The PostgreSQL job engine: procrastinate, with psycopg 3, run by ``iys worker`` processes.

The only module that knows procrastinate. Every `JobDefinition` becomes a procrastinate task of
the same name that calls its handler; the API process only enqueues. What procrastinate adds:

- several workers share the queue (``SELECT … FOR UPDATE SKIP LOCKED``);
- a job's ``key`` is both its queueing lock and its lock, and `enqueue` refuses a key that is
  queued or running, so one import never runs twice and a retry never meets a twin;
- `RetryLater` becomes procrastinate's retry at the job's own next-attempt time (the rows keep
  the attempts: one source of truth), and a job cancelled by a worker's shutdown is retried at
  once, by the next worker;
- a job whose worker died without a word (SIGKILL, lost machine) is found by its stale heartbeat
  and queued again by a periodic task.

The schema is procrastinate's own, applied by ``iys migrate`` (`apply_schema`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from procrastinate import App, JobContext, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued, JobAborted
from procrastinate.jobs import DEFAULT_QUEUE, Job, Status
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from server.core.jobs import JobArgs, JobDefinition, JobHandler, RetryLater
from server.core.settings import Settings

log = logging.getLogger(__name__)

STALLED_JOBS_TASK = "izinhub.requeue_stalled_jobs"
STALLED_AFTER_SECONDS = 30.0  # a worker beats every 10 s
BUSY_KEY = (
    "SELECT EXISTS (SELECT 1 FROM procrastinate_jobs"
    " WHERE queueing_lock = %(key)s AND status IN ('todo', 'doing')) AS busy"
)
BUSY_KEYS = (
    "SELECT queueing_lock FROM procrastinate_jobs"
    " WHERE queueing_lock = ANY(%(keys)s) AND status IN ('todo', 'doing')"
)
SCHEMA_APPLIED = "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS applied"


def conninfo(settings: Settings, *, owner: bool = False) -> str:
    """The database URL as libpq reads it (the owner's, to create the queue's schema)."""
    url = settings.resolved_migration_url if owner else settings.resolved_database_url
    return "postgresql://" + url.split("://", 1)[1]


def _app(settings: Settings, pool_size: int, *, owner: bool = False) -> App:
    info = conninfo(settings, owner=owner)
    connector = PsycopgConnector(conninfo=info, min_size=1, max_size=pool_size)
    return App(connector=connector)


class _Resume(BaseRetryStrategy):
    """Retry at the time a `RetryLater` names, and at once after a shutdown cut the job off
    (periodic jobs are not resumed: the next beat does their work)."""

    def __init__(self, resume_after_shutdown: bool) -> None:
        self.resume_after_shutdown = resume_after_shutdown

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, RetryLater):
            return RetryDecision(retry_at=exception.at)
        cut_off = isinstance(exception, asyncio.CancelledError | JobAborted)
        if cut_off and self.resume_after_shutdown:
            return RetryDecision(retry_at=datetime.now(UTC))
        return None


def cron_every(seconds: float) -> str:
    """A cron line (seconds as procrastinate's sixth column) firing about every ``seconds``."""
    whole = max(1, round(seconds))
    return f"* * * * * */{whole}" if whole < 60 else f"*/{min(59, whole // 60)} * * * *"


class ProcrastinateJobs:
    """`JobQueue` on procrastinate; `run_worker` is the body of ``iys worker``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = _app(settings, pool_size=settings.job_concurrency + 4)
        self._periodic: set[str] = set()
        self._register_stalled_jobs_task()

    def register(self, *definitions: JobDefinition) -> None:
        for definition in definitions:
            periodic = definition.every_seconds is not None
            task = self.app.task(
                name=definition.name,
                retry=_Resume(resume_after_shutdown=not periodic),
                pass_context=False,
            )(_task_function(definition.handler, periodic))
            if definition.every_seconds is not None:
                self._periodic.add(definition.name)
                self.app.periodic(
                    cron=cron_every(definition.every_seconds),
                    periodic_id=definition.name,
                    queueing_lock=definition.name,
                )(task)

    async def enqueue(
        self,
        name: str,
        args: JobArgs | None = None,
        *,
        key: str | None = None,
        at: datetime | None = None,
    ) -> bool:
        if key is not None and await self._busy(key):
            return False
        deferrer = self.app.configure_task(name, lock=key, queueing_lock=key, schedule_at=at)
        try:
            await deferrer.defer_async(**dict(args or {}))
        except AlreadyEnqueued:
            return False
        return True

    async def enqueue_many(self, name: str, keyed: Sequence[tuple[str, JobArgs]]) -> int:
        """One query for the busy keys, one insert for the rest (a scan queues hundreds)."""
        if not keyed:
            return 0
        rows = await self.app.connector.execute_query_all_async(
            query=BUSY_KEYS, keys=[key for key, _ in keyed]
        )
        busy = {row["queueing_lock"] for row in rows}
        fresh = [(key, args) for key, args in keyed if key not in busy]
        if not fresh:
            return 0
        try:
            await self.app.job_manager.batch_defer_jobs_async([_job(name, *pair) for pair in fresh])
        except AlreadyEnqueued:  # one was queued meanwhile: one by one
            return sum([await self.enqueue(name, args, key=key) for key, args in fresh])
        return len(fresh)

    async def _busy(self, key: str) -> bool:
        row = await self.app.connector.execute_query_one_async(query=BUSY_KEY, key=key)
        return bool(row["busy"])

    async def start(self) -> None:
        await self.app.open_async()

    async def shutdown(self) -> None:
        await self.app.close_async()

    async def run_worker(self) -> None:
        """Take jobs until SIGTERM or SIGINT; then take no more, give running jobs
        ``job_grace_seconds`` and cancel the rest, which are queued again."""
        await self.app.run_worker_async(
            concurrency=self.settings.job_concurrency,
            shutdown_graceful_timeout=self.settings.job_grace_seconds,
            install_signal_handlers=True,
        )

    def _register_stalled_jobs_task(self) -> None:
        async def requeue_stalled_jobs(context: JobContext, timestamp: int) -> None:
            manager = context.app.job_manager
            for job in await manager.get_stalled_jobs(
                seconds_since_heartbeat=STALLED_AFTER_SECONDS
            ):
                if job.task_name in self._periodic or job.task_name == STALLED_JOBS_TASK:
                    await manager.finish_job(job, Status.FAILED, delete_job=False)
                else:
                    log.warning("job %s of a dead worker queued again", job.call_string)
                    await manager.retry_job(job, retry_at=datetime.now(UTC))

        task = self.app.task(name=STALLED_JOBS_TASK, pass_context=True)(requeue_stalled_jobs)
        self.app.periodic(cron="* * * * *", periodic_id="stalled", queueing_lock=STALLED_JOBS_TASK)(
            task
        )


def _job(name: str, key: str, args: JobArgs) -> Job:
    return Job(
        id=None,
        queue=DEFAULT_QUEUE,
        lock=key,
        queueing_lock=key,
        task_name=name,
        task_kwargs=dict(args),
    )


def _task_function(handler: JobHandler, periodic: bool) -> Any:
    async def run(**kwargs: Any) -> None:
        if periodic:
            kwargs.pop("timestamp", None)  # procrastinate passes the beat's time
        await handler(**kwargs)

    return run


async def apply_schema(settings: Settings) -> bool:
    """Create procrastinate's tables and functions unless they exist; True if it did."""
    app = _app(settings, pool_size=1, owner=True)
    async with app.open_async():
        row = await app.connector.execute_query_one_async(query=SCHEMA_APPLIED)
        if row["applied"]:
            return False
        await app.schema_manager.apply_schema_async()
    return True
