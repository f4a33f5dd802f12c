"""One round of the outbox, the whole way: movements to notices, due notices and webhook
deliveries attempted once each, in this task.

The job engine does the same work as separate jobs (a periodic scan, then one job per notice
and per webhook, see ``server.background``); a round is what tests and one-off runs use.
"""

from __future__ import annotations

from server.core.clock import clock
from tenants.notifications.outbox import Delivery, deliver_due, enqueue_notices
from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import Transports
from tenants.webhooks.delivery import run_webhooks


class OutboxWorker:
    """Movements to notices to messages, one round at a time."""

    def __init__(self, settings: NotificationSettings, transports: Transports) -> None:
        self.settings = settings
        self.transports = transports

    async def run_once(self) -> Delivery:
        """One round: enqueue what is new, deliver notices and webhooks that are due; returns
        what happened to the notices."""
        await enqueue_notices(clock.now())
        delivery = await deliver_due(self.transports, self.settings, clock.now())
        await run_webhooks(self.settings, clock.now())
        return delivery
