"""The counters behind rate limits and lockouts: the same answers in memory and in Redis."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from server.core.counters import Counters, Lock, MemoryCounters, RedisCounters, Window
from server.core.errors import Unavailable
from tests.conftest import REDIS_URL

LOCK = Lock("login:account:acme\x00a@b.cd", threshold=3, base=60.0, cap=600.0)


@pytest.fixture(params=["memory", "redis"])
async def counters(request: pytest.FixtureRequest) -> AsyncIterator[Counters]:
    if request.param == "memory":
        yield MemoryCounters()
        return
    backend = RedisCounters(REDIS_URL, request.getfixturevalue("redis_prefix"))
    yield backend
    await backend.close()


async def _admitted(counters: Counters, times: int, now: float, *windows: Window) -> int:
    return sum([await counters.admit(list(windows), now) for _ in range(times)])


async def test_a_window_admits_its_limit_then_refuses_until_calls_leave_it(
    counters: Counters,
) -> None:
    window = Window("signup:address:203.0.113.7", limit=3, seconds=60)
    assert await _admitted(counters, 5, 1000.0, window) == 3
    assert await _admitted(counters, 1, 1059.9, window) == 0
    assert await _admitted(counters, 2, 1060.0, window) == 2  # the first three left at 1060


async def test_a_refused_call_counts_in_none_of_its_windows(counters: Counters) -> None:
    full = Window("a:full", limit=1, seconds=60)
    other = Window("a:other", limit=1, seconds=60)
    assert await counters.admit([full], 0.0)
    assert not await counters.admit([other, full], 1.0)
    assert await counters.admit([other], 2.0)  # the refused call did not use it up


async def test_the_lock_doubles_with_each_failure_past_the_threshold_up_to_the_cap(
    counters: Counters,
) -> None:
    for _ in range(3):
        assert await counters.admit([], 0.0, LOCK)
    assert not await counters.admit([], 59.0, LOCK)  # locked 60 s; refused calls do not count
    assert await counters.admit([], 60.0, LOCK)  # the 4th failure: 120 s
    assert not await counters.admit([], 179.0, LOCK)
    assert await counters.admit([], 180.0, LOCK)  # the 5th: 240 s
    assert not await counters.admit([], 419.0, LOCK)
    assert await counters.admit([], 420.0, LOCK)  # the 6th: 480 s
    assert await counters.admit([], 900.0, LOCK)  # the 7th: 960 s, capped at 600 s
    assert not await counters.admit([], 1499.0, LOCK)
    assert await counters.admit([], 1500.0, LOCK)


async def test_a_reset_or_a_long_quiet_forgets_the_failures(counters: Counters) -> None:
    for _ in range(3):
        await counters.admit([], 0.0, LOCK)
    assert await counters.admit([], 601.0, LOCK)  # quiet longer than the cap: forgotten
    await counters.reset(LOCK.key)
    for _ in range(2):
        assert await counters.admit([], 602.0, LOCK)
    assert await counters.admit([], 602.0, LOCK)  # only the third failure locks


async def test_a_locked_account_does_not_use_up_its_address_window(counters: Counters) -> None:
    address = Window("login:address:203.0.113.7", limit=4, seconds=900)
    for _ in range(3):
        assert await counters.admit([address], 0.0, LOCK)
    assert not await counters.admit([address], 1.0, LOCK)
    assert await counters.admit([address], 2.0)  # the 4th call of the address still passes


async def test_concurrent_calls_cannot_all_pass_before_they_are_counted(
    counters: Counters,
) -> None:
    window = Window("apikey:7", limit=10, seconds=60)
    results = await asyncio.gather(*(counters.admit([window], 5.0) for _ in range(40)))
    assert sum(results) == 10


async def test_redis_keys_are_namespaced_bounded_and_expire(redis_prefix: str) -> None:
    counters = RedisCounters(REDIS_URL, redis_prefix)
    raw_key = "recipient-code:address:" + "x" * 10_000
    try:
        assert await counters.admit([Window(raw_key, 1, 60)], 0.0)
        key = counters.key(raw_key)
        assert key.startswith(f"{redis_prefix}recipient-code_address:")
        assert len(key) < len(redis_prefix) + 80
        client = Redis.from_url(REDIS_URL)
        try:
            assert 0 < await client.pttl(key) <= 61_000
        finally:
            await client.aclose()
    finally:
        await counters.close()


async def test_an_unreachable_redis_is_a_typed_error_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    counters = RedisCounters(f"redis://127.0.0.1:{port}/0", "izinhub-test:", timeout=0.5)
    try:
        with pytest.raises(Unavailable) as raised:
            await counters.admit([Window("apikey:1", 10, 60)], 0.0)
        with pytest.raises(Unavailable):
            await counters.reset("login:account:x")
    finally:
        await counters.close()
    assert raised.value.code == "TEMPORARILY_UNAVAILABLE"
    assert "Redis (IYS_REDIS_URL) is unavailable" in caplog.text
