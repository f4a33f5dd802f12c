"""Sliding-window attempt counters for sign-in throttling, kept in this process's memory."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


class Throttle:
    """Counts events per key within a window; ``blocked`` says whether the limit is reached."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._events: dict[str, deque[float]] = {}
        self._max_keys = max_keys

    def blocked(self, key: str, limit: int, window: float, now: float) -> bool:
        events = self._events.get(key)
        if not events:
            return False
        while events and events[0] <= now - window:
            events.popleft()
        return len(events) >= limit

    def hit(self, key: str, now: float) -> None:
        if len(self._events) >= self._max_keys and key not in self._events:
            self._evict_oldest()
        self._events.setdefault(key, deque()).append(now)

    def reset(self, key: str) -> None:
        self._events.pop(key, None)

    def _evict_oldest(self) -> None:
        oldest = min(self._events, key=lambda k: self._events[k][-1] if self._events[k] else 0.0)
        del self._events[oldest]


@dataclass(slots=True)
class _Lock:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class Lockouts:
    """Per-key failure counts with a lock that doubles with every failure past a threshold."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._locks: dict[str, _Lock] = {}
        self._max_keys = max_keys

    def locked(self, key: str, now: float, forget_after: float) -> bool:
        lock = self._locks.get(key)
        if lock is None:
            return False
        if now - lock.last > forget_after:
            del self._locks[key]
            return False
        return now < lock.locked_until

    def fail(self, key: str, now: float, threshold: int, base: float, cap: float) -> None:
        """Count one failure; from ``threshold`` failures on, lock for base, 2 base, 4 base..."""
        if len(self._locks) >= self._max_keys and key not in self._locks:
            oldest = min(self._locks, key=lambda k: self._locks[k].last)
            del self._locks[oldest]
        lock = self._locks.setdefault(key, _Lock())
        lock.failures += 1
        lock.last = now
        if lock.failures >= threshold:
            doublings = min(lock.failures - threshold, 32)
            lock.locked_until = now + min(cap, base * 2**doublings)

    def reset(self, key: str) -> None:
        self._locks.pop(key, None)
