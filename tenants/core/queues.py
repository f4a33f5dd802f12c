"""How much background work waits, per queue, across every tenant (for /metrics).

One COUNT per queue, each served by an index on ``status`` for the outbox and the webhook
deliveries; import jobs are one row per uploaded file, so that table stays small.
"""

from __future__ import annotations

from server.core.tenancy import cross_tenant
from tenants.imports.models import ImportJob, ImportStatus
from tenants.notifications.models import Notice, NoticeStatus
from tenants.webhooks.models import DeliveryStatus, WebhookDelivery


async def queue_depths() -> dict[str, int]:
    """Import jobs queued or running, notices and webhook deliveries not yet sent."""
    with cross_tenant():  # a count over every tenant's queue, no row leaves this function
        imports = await ImportJob.filter(
            status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)
        ).count()
        notices = await Notice.filter(status=NoticeStatus.PENDING.value).count()
        webhooks = await WebhookDelivery.filter(status=DeliveryStatus.PENDING.value).count()
    return {"imports": imports, "notices": notices, "webhooks": webhooks}
