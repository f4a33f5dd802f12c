"""The outbox worker (notices and webhooks): one asyncio task in the server process.

It is a task of its own rather than a ``JobRunner`` job: it never ends, and ``JobRunner.drain``
waits for every job to end. Start it from the app's lifespan with ``start_outbox_worker`` and
stop it before the database closes. One worker per database, like the import runner.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from server.core.clock import clock
from tenants.notifications.outbox import Delivery, deliver_due, enqueue_notices
from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import Transports
from tenants.webhooks.delivery import run_webhooks

log = logging.getLogger(__name__)


class OutboxWorker:
    """Movements to notices to messages, every ``poll_seconds``."""

    def __init__(self, settings: NotificationSettings, transports: Transports) -> None:
        self.settings = settings
        self.transports = transports

    async def run_once(self) -> Delivery:
        """One round: enqueue what is new, deliver notices and webhooks that are due (tests
        call this directly); returns what happened to the notices."""
        await enqueue_notices(clock.now())
        delivery = await deliver_due(self.transports, self.settings, clock.now())
        await run_webhooks(self.settings, clock.now())
        return delivery

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.poll_seconds)
            try:
                await self.run_once()
            except Exception:  # a bad round must not stop the next one
                log.exception("outbox round failed")


@contextlib.asynccontextmanager
async def outbox_worker(
    data_dir: Path, settings: NotificationSettings | None = None
) -> AsyncIterator[OutboxWorker]:
    """Run the worker for the duration of the block (the app's lifespan)."""
    settings = settings or NotificationSettings()
    worker = OutboxWorker(settings, Transports.from_settings(settings, data_dir))
    loop = asyncio.get_running_loop()
    task = loop.create_task(worker.run_forever(), name="outbox-worker") if settings.worker else None
    try:
        yield worker
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
