"""Account e-mails (password resets) through the same transports as the notices."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from server.core.mail import Message, Outbox
from tenants.notifications.transports import DeliveryFailed, OutgoingMessage, Transport

log = logging.getLogger("izinhub.mail")


@dataclass
class TransportMailer(Outbox):
    """Keeps the in-memory outbox and hands every message to the e-mail transport.

    A failed hand-over is logged, not raised: the caller (a reset request) answers the same
    either way, and the user can ask again.
    """

    transport: Transport | None = None

    async def send(self, message: Message) -> None:
        await super().send(message)
        if self.transport is None:
            return
        try:
            await self.transport.send(
                OutgoingMessage("EPOSTA", message.to, message.subject, message.body)
            )
        except (DeliveryFailed, OSError) as error:
            log.warning("mail not delivered: %s", type(error).__name__)
