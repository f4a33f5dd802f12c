"""Every background job of İzinHub, for either job engine: names, arguments, tenant scope.

Thin wrappers over the domain: each job that works for a tenant takes ``tenant_id`` in its
arguments and does its work inside ``as_tenant(tenant_id)``; the periodic scan finds due work
across tenants (inside ``cross_tenant()``, in the domain functions it calls) and queues one job
per notice and per webhook, keyed so that each has at most one job queued or running.
Failed deliveries ask the engine to run them again (`RetryLater`) at the time the notice's or
delivery's row names; the rows count the attempts and decide when to give up.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import clock
from server.core.jobs import JobDefinition, JobQueue, RetryLater
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.imports.runner import IMPORT_JOB, run_import_job
from tenants.notifications.models import NoticeStatus
from tenants.notifications.outbox import deliver_notice, due_notices, enqueue_notices
from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import Transports
from tenants.webhooks.delivery import deliver_webhook, webhooks_with_work

SCAN_OUTBOX = "outbox.scan"
DELIVER_NOTICE = "notices.deliver"
DELIVER_WEBHOOK = "webhooks.deliver"
SCAN_LIMIT = 1000  # due notices queued per scan; the rest wait for the next one


@dataclass(frozen=True, slots=True)
class BackgroundJobs:
    settings: Settings
    notify: NotificationSettings
    transports: Transports
    queue: JobQueue

    def definitions(self, periodic: bool) -> list[JobDefinition]:
        """The jobs; ``periodic`` runs the outbox scan every ``IYS_NOTIFY_POLL_SECONDS``."""
        every = self.notify.poll_seconds if periodic else None
        return [
            JobDefinition(IMPORT_JOB, self.run_import),
            JobDefinition(SCAN_OUTBOX, self.scan_outbox, every_seconds=every),
            JobDefinition(DELIVER_NOTICE, self.deliver_notice),
            JobDefinition(DELIVER_WEBHOOK, self.deliver_webhook),
        ]

    async def run_import(self, tenant_id: int, job_id: int) -> None:
        with as_tenant(tenant_id):
            await run_import_job(tenant_id, job_id, self.settings)

    async def scan_outbox(self) -> None:
        """New movements become notices; due notices and webhooks with work get their job."""
        now = clock.now()
        await enqueue_notices(now)
        notices = await due_notices(now, limit=SCAN_LIMIT)
        await self.queue.enqueue_many(
            DELIVER_NOTICE,
            [(f"notice:{n}", {"tenant_id": t, "notice_id": n}) for t, n in notices],
        )
        webhooks = await webhooks_with_work(now)
        await self.queue.enqueue_many(
            DELIVER_WEBHOOK,
            [(f"webhook:{w}", {"tenant_id": t, "webhook_id": w}) for t, w in webhooks],
        )

    async def deliver_notice(self, tenant_id: int, notice_id: int) -> None:
        with as_tenant(tenant_id):
            notice = await deliver_notice(
                tenant_id, notice_id, self.transports, self.notify, clock.now()
            )
        if notice is not None and notice.status == NoticeStatus.PENDING.value:
            raise RetryLater(notice.next_attempt_at)

    async def deliver_webhook(self, tenant_id: int, webhook_id: int) -> None:
        with as_tenant(tenant_id):
            turn = await deliver_webhook(tenant_id, webhook_id, self.notify, clock.now())
        if turn is not None and turn.retry_at is not None:
            raise RetryLater(turn.retry_at)


def install_jobs(
    queue: JobQueue,
    settings: Settings,
    notify: NotificationSettings | None = None,
    periodic: bool = True,
) -> BackgroundJobs:
    """Register every job with ``queue`` (the app's start, each worker's start)."""
    notify = notify or NotificationSettings()
    jobs = BackgroundJobs(
        settings, notify, Transports.from_settings(notify, settings.data_dir), queue
    )
    queue.register(*jobs.definitions(periodic))
    return jobs
