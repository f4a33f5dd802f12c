"""Outgoing e-mail. The product has no mail server yet: the outbox keeps messages in memory.

A deployment that sends mail replaces ``Runtime.mailer`` with an implementation of ``Mailer``;
tests read the outbox to follow one-time links as a user would.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger("izinhub.mail")
OUTBOX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Message:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    async def send(self, message: Message) -> None: ...


@dataclass
class Outbox:
    """Keeps the newest messages in memory; logs that one was queued, never its body."""

    sent: list[Message] = field(default_factory=list)

    async def send(self, message: Message) -> None:
        self.sent.append(message)
        del self.sent[:-OUTBOX_LIMIT]
        log.info("mail queued: %s", message.subject)
