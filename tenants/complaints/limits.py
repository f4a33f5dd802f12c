"""How many complaints a recipient may file: per proven address and per client address a day.

A recipient token proves one address, and each complaint may carry a 2 MiB screenshot, so
without a limit one token could fill the disk. The counters are the ones the recipient code
limits and the sign-in throttles use (this process's memory, or Redis shared by every process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.core.counters import Counters, Window
from server.core.errors import Unavailable, ValidationFailed

DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class ComplaintQuota:
    """The shared counters, the caller's client address, and the limits (IYS_RECIPIENT_…)."""

    counters: Counters
    client_ip: str
    per_address: int
    per_client: int


async def admit_recipient_complaint(quota: ComplaintQuota, address: str, now: datetime) -> None:
    """Count one complaint of ``address`` from the client, or raise RATE_LIMITED.

    Both windows are checked and counted in one step, so concurrent calls (in any process)
    cannot all pass; a complaint is counted in neither when either is full. Counters that do
    not answer refuse the complaint (TEMPORARILY_UNAVAILABLE): a limit is never lifted.
    """
    windows = [
        Window(f"recipient-complaint:client:{quota.client_ip[:64]}", quota.per_client, DAY),
        Window(f"recipient-complaint:address:{address}", quota.per_address, DAY),
    ]
    try:
        admitted = await quota.counters.admit(windows, now.timestamp())
    except Unavailable:
        raise ValidationFailed("TEMPORARILY_UNAVAILABLE") from None
    if not admitted:
        raise ValidationFailed("RATE_LIMITED")
