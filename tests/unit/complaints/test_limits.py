"""The recipient complaint quota on the shared counters: in memory and in Redis alike."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from server.core.counters import Counters, Lock, MemoryCounters, RedisCounters, Window
from server.core.errors import Unavailable, ValidationFailed
from tenants.complaints.limits import ComplaintQuota, admit_recipient_complaint
from tests.conftest import REDIS_URL

NOW = datetime(2026, 12, 3, 11, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "redis"])
async def counters(request: pytest.FixtureRequest) -> AsyncIterator[Counters]:
    if request.param == "memory":
        yield MemoryCounters()
        return
    backend = RedisCounters(REDIS_URL, request.getfixturevalue("redis_prefix"))
    yield backend
    await backend.close()


async def _codes(quota: ComplaintQuota, address: str, times: int, now: datetime) -> list[str]:
    codes = []
    for _ in range(times):
        try:
            await admit_recipient_complaint(quota, address, now)
            codes.append("OK")
        except ValidationFailed as refused:
            codes.append(refused.code)
    return codes


async def test_each_address_and_each_client_has_its_own_day(counters: Counters) -> None:
    quota = ComplaintQuota(counters, "203.0.113.7", per_address=2, per_client=3)
    other_client = ComplaintQuota(counters, "198.51.100.9", per_address=2, per_client=3)
    assert await _codes(quota, "+905550000001", 3, NOW) == ["OK", "OK", "RATE_LIMITED"]
    assert await _codes(quota, "+905550000002", 2, NOW) == ["OK", "RATE_LIMITED"]  # the client
    assert await _codes(other_client, "+905550000002", 2, NOW) == ["OK", "RATE_LIMITED"]
    later = NOW + timedelta(days=1)
    assert await _codes(quota, "+905550000001", 1, later) == ["OK"]


class _Down:
    shared = True

    async def admit(self, windows: Sequence[Window], now: float, lock: Lock | None = None) -> bool:
        raise Unavailable()

    async def reset(self, key: str) -> None:
        raise Unavailable()

    async def close(self) -> None:
        return None


async def test_counters_that_do_not_answer_refuse_the_complaint() -> None:
    quota = ComplaintQuota(_Down(), "203.0.113.7", per_address=10, per_client=30)
    assert await _codes(quota, "+905550000001", 1, NOW) == ["TEMPORARILY_UNAVAILABLE"]
