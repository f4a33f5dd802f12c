"""Attempt counters and lockouts shared by every process of a deployment, or kept in memory.

One operation, ``admit``, checks and counts together: a call passes only if none of its windows
is full and its lock (if any) is open, and then it counts in all of them. Check and count are
one step (no ``await`` between them in memory, one Lua script in Redis), so concurrent calls,
in one process or in many, cannot all pass the check before any of them is counted.

With ``IYS_REDIS_URL`` the counters live in Redis and every process sees the same ones; without
it they live in this process's memory, which is right only for a single process.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from server.core import i18n
from server.core.errors import Unavailable
from server.core.settings import Settings
from server.core.throttle import Lockouts, Throttle

log = logging.getLogger(__name__)

_KIND = re.compile(r"[^a-z0-9_-]")
LOG_EVERY_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Window:
    """At most ``limit`` admitted calls under ``key`` in any ``seconds`` (a sliding window)."""

    key: str
    limit: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Lock:
    """Every admitted call counts as a failure under ``key``; from ``threshold`` failures on the
    key locks for ``base`` seconds, doubling with each further failure up to ``cap``. Failures
    older than ``cap`` are forgotten."""

    key: str
    threshold: int
    base: float
    cap: float


class Counters(Protocol):
    """The shared-state backend: in memory or in Redis, with the same answers."""

    shared: bool  # whether other processes see the same counters

    async def admit(self, windows: Sequence[Window], now: float, lock: Lock | None = None) -> bool:
        """True, and counted everywhere, if no window is full and the lock is open."""
        ...

    async def reset(self, key: str) -> None:
        """Forget the failures of a lock (a successful sign-in)."""
        ...

    async def close(self) -> None: ...


class MemoryCounters:
    """This process's memory: the embedded default, for one server process."""

    shared = False

    def __init__(self, max_keys: int = 100_000) -> None:
        self._throttle = Throttle(max_keys)
        self._lockouts = Lockouts(max_keys)

    async def admit(self, windows: Sequence[Window], now: float, lock: Lock | None = None) -> bool:
        if any(self._throttle.blocked(w.key, w.limit, w.seconds, now) for w in windows):
            return False
        if lock is not None and self._lockouts.locked(lock.key, now, lock.cap):
            return False
        for window in windows:
            self._throttle.hit(window.key, now)
        if lock is not None:
            self._lockouts.fail(lock.key, now, lock.threshold, lock.base, lock.cap)
        return True

    async def reset(self, key: str) -> None:
        self._lockouts.reset(key)

    async def close(self) -> None:
        return None


# KEYS: the windows' sorted sets, then the lock's hash if there is one.
# ARGV: now, a unique member, the number of windows, (limit, seconds) per window, then the
# lock's threshold, base and cap. Times are the application's clock, so every process and the
# in-memory backend agree (and tests may freeze it); key expiry only collects garbage.
_ADMIT_SCRIPT = """
local now = tonumber(ARGV[1])
local windows = tonumber(ARGV[3])
for i = 1, windows do
  local limit, seconds = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - seconds)
  if redis.call('ZCARD', KEYS[i]) >= limit then return 0 end
end
local lock = KEYS[windows + 1]
local at = 4 + 2 * windows
if lock then
  local cap = tonumber(ARGV[at + 2])
  local last = tonumber(redis.call('HGET', lock, 'last') or '')
  if last and now - last > cap then redis.call('DEL', lock) end
  if now < tonumber(redis.call('HGET', lock, 'until') or '0') then return 0 end
end
for i = 1, windows do
  redis.call('ZADD', KEYS[i], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[3 + 2 * i]) * 1000) + 1000)
end
if lock then
  local threshold, base, cap = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  local failures = redis.call('HINCRBY', lock, 'failures', 1)
  redis.call('HSET', lock, 'last', ARGV[1])
  if failures >= threshold then
    local held = math.min(cap, base * 2 ^ math.min(failures - threshold, 32))
    redis.call('HSET', lock, 'until', string.format('%.6f', now + held))
  end
  redis.call('PEXPIRE', lock, math.ceil(cap * 1000) + 1000)
end
return 1
"""


class RedisCounters:
    """Redis, shared by every process; keys are ``<prefix><kind>:<digest>`` with a TTL.

    When Redis does not answer, calls raise ``Unavailable`` (TEMPORARILY_UNAVAILABLE): nothing
    is admitted that could not be counted.
    """

    shared = True

    def __init__(self, url: str, prefix: str, timeout: float = 1.0) -> None:
        self._redis = Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, decode_responses=True
        )
        self._prefix = prefix
        self._admit = self._redis.register_script(_ADMIT_SCRIPT)
        self._last_logged = 0.0

    def key(self, raw: str) -> str:
        """A namespaced key of bounded size: a readable kind, then a digest of the whole key."""
        kind = _KIND.sub("", ":".join(raw.split(":")[:2]).lower().replace(":", "_"))[:40]
        digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        return f"{self._prefix}{kind}:{digest}"

    async def admit(self, windows: Sequence[Window], now: float, lock: Lock | None = None) -> bool:
        keys = [self.key(w.key) for w in windows] + ([self.key(lock.key)] if lock else [])
        args: list[str | int | float] = [repr(now), secrets.token_hex(8), len(windows)]
        for window in windows:
            args += [window.limit, repr(float(window.seconds))]
        if lock is not None:
            args += [lock.threshold, repr(float(lock.base)), repr(float(lock.cap))]
        try:
            return bool(await self._admit(keys=keys, args=args))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from None

    async def reset(self, key: str) -> None:
        try:
            await self._redis.delete(self.key(key))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from None

    async def ping(self) -> None:
        """Raise ``Unavailable`` unless Redis answers (the start-up check)."""
        try:
            await self._redis.ping()
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from None

    async def close(self) -> None:
        await self._redis.aclose()

    def _unavailable(self, exc: Exception) -> Unavailable:
        """Logged at most once a minute, so an outage does not flood the log."""
        stamp = time.monotonic()
        if stamp - self._last_logged >= LOG_EVERY_SECONDS:
            self._last_logged = stamp
            log.error("Redis (IYS_REDIS_URL) is unavailable, refusing throttled calls: %r", exc)
        return Unavailable()


async def check_counters(counters: Counters, settings: Settings) -> None:
    """At start-up: say loudly when Redis does not answer, or when counters stay per process
    although the database (PostgreSQL) may be shared by several server processes."""
    if isinstance(counters, RedisCounters):
        with contextlib.suppress(Unavailable):  # logged; the server starts and refuses safely
            await counters.ping()
    elif settings.is_postgres:
        log.warning(
            "Rate limits, sign-in lockouts and recipient code limits are kept in this process's "
            "memory (IYS_REDIS_URL is not set): run one server process per database, or set "
            "IYS_REDIS_URL so that every process shares them."
        )


def build_counters(settings: Settings) -> Counters:
    """Redis when ``IYS_REDIS_URL`` is set, else this process's memory."""
    if settings.redis_url:
        return RedisCounters(
            settings.redis_url, settings.redis_prefix, settings.redis_timeout_seconds
        )
    return MemoryCounters()


i18n.register(
    {
        "TEMPORARILY_UNAVAILABLE": (
            "Hizmet geçici olarak kullanılamıyor. Lütfen biraz sonra yeniden deneyin.",
            "The service is temporarily unavailable. Please try again shortly.",
        ),
    }
)
