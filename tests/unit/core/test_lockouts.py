"""Lockouts: a lock that doubles with every failure past the threshold, capped, forgotten."""

from __future__ import annotations

from server.core.throttle import Lockouts

BASE, CAP, FORGET = 60.0, 600.0, 3600.0


def _fail(locks: Lockouts, times: int, now: float) -> None:
    for _ in range(times):
        locks.fail("k", now, threshold=3, base=BASE, cap=CAP)


def test_no_lock_below_the_threshold() -> None:
    locks = Lockouts()
    _fail(locks, 2, 0.0)
    assert not locks.locked("k", 0.0, FORGET)


def test_the_lock_doubles_with_each_further_failure_up_to_the_cap() -> None:
    locks = Lockouts()
    _fail(locks, 3, 0.0)
    assert locks.locked("k", 59.0, FORGET)
    assert not locks.locked("k", 60.0, FORGET)
    _fail(locks, 1, 60.0)  # the 4th failure: 120 s
    assert locks.locked("k", 179.0, FORGET)
    assert not locks.locked("k", 180.0, FORGET)
    _fail(locks, 5, 180.0)  # the 9th: 60 * 2**6 s, capped at 600 s
    assert locks.locked("k", 779.0, FORGET)
    assert not locks.locked("k", 780.0, FORGET)


def test_old_failures_are_forgotten_and_a_success_resets() -> None:
    locks = Lockouts()
    _fail(locks, 3, 0.0)
    assert not locks.locked("k", FORGET + 1, FORGET)
    _fail(locks, 2, FORGET + 2)
    assert not locks.locked("k", FORGET + 2, FORGET)
    locks.reset("k")
    _fail(locks, 2, FORGET + 3)
    assert not locks.locked("k", FORGET + 3, FORGET)


def test_the_number_of_keys_is_bounded() -> None:
    locks = Lockouts(max_keys=2)
    for i, key in enumerate(("a", "b", "c")):
        locks.fail(key, float(i), threshold=1, base=BASE, cap=CAP)
    assert not locks.locked("a", 2.0, FORGET)
    assert locks.locked("c", 2.0, FORGET)
