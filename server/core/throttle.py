"""Sliding-window attempt counters for sign-in throttling, kept in this process's memory."""

from __future__ import annotations

from collections import deque


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
