"""A worker with recording transports, and a brand with consents, for the notice tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenants.notifications.settings import NotificationSettings
from tenants.notifications.transports import OutgoingMessage, Transports
from tenants.notifications.worker import OutboxWorker

LINK = re.compile(r"https?://[^\s]+/ret/([A-Za-z0-9_\-]+)")


@dataclass
class Recorder:
    """Keeps what it was asked to send; fails while ``failing`` is set."""

    sent: list[OutgoingMessage] = field(default_factory=list)
    failing: bool = False

    async def send(self, message: OutgoingMessage) -> None:
        if self.failing:
            raise ConnectionRefusedError("gateway down")
        self.sent.append(message)


def notify_settings(tmp_path: Path, **overrides: Any) -> NotificationSettings:
    values: dict[str, Any] = {
        "worker": False,
        "public_url": "http://izinhub.test",
        "outbox_dir": tmp_path / "outbox",
        "retry_base_seconds": 60,
    }
    return NotificationSettings(**(values | overrides))


def recording_worker(tmp_path: Path, **overrides: Any) -> tuple[OutboxWorker, Recorder]:
    recorder = Recorder()
    worker = OutboxWorker(
        notify_settings(tmp_path, **overrides), Transports(email=recorder, sms=recorder)
    )
    return worker, recorder


def link_token(text: str) -> str:
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1)
