"""Scope: what a limited principal may reach, its stored form, and delegation."""

from __future__ import annotations

import pytest

from server.core.principal import FULL, NOTHING, Access, Scope

W, R = Access.WRITE, Access.READ


def test_the_full_scope_allows_everything() -> None:
    assert not FULL.limited
    assert FULL.allows_brand(7)
    assert FULL.can_read("ARAMA")
    assert FULL.can_write("ARAMA")


def test_brands_and_types_limit_independently() -> None:
    # given a scope of brands 1 and 2, MESAJ write and EPOSTA read
    scope = Scope.of([1, 2], {"MESAJ": W, "EPOSTA": R})
    # then
    assert scope.limited
    assert scope.allows_brand(2)
    assert not scope.allows_brand(3)
    assert scope.can_write("MESAJ")
    assert not scope.can_write("EPOSTA")
    assert scope.can_read("EPOSTA")
    assert not scope.can_read("ARAMA")
    assert scope.readable_types() == ["MESAJ", "EPOSTA"]


def test_the_stored_form_round_trips() -> None:
    scope = Scope.of([2, 1], {"MESAJ": W})
    assert scope.to_json() == {"brands": [1, 2], "types": {"MESAJ": "WRITE"}}
    assert Scope.from_json(scope.to_json()) == scope
    assert FULL.to_json() is None
    assert Scope.from_json(None) == FULL


@pytest.mark.parametrize(
    "stored",
    ["all", {"brands": ["x"]}, {"types": {"MESAJ": "ADMIN"}}, 3],
    ids=["string", "bad-brand", "bad-access", "number"],
)
def test_an_unreadable_stored_scope_denies_everything(stored: object) -> None:
    # a damaged row must never widen a principal to every brand
    assert Scope.from_json(stored) == NOTHING
    assert not NOTHING.allows_brand(1)
    assert not NOTHING.can_read("MESAJ")


@pytest.mark.parametrize(
    ("granted", "covered"),
    [
        (Scope.of([1], {"MESAJ": R}), True),
        (Scope.of([1, 2], {"MESAJ": W}), True),
        (Scope.of([1, 3], {"MESAJ": R}), False),
        (Scope.of(None, {"MESAJ": R}), False),
        (Scope.of([1], {"EPOSTA": W}), False),
        (Scope.of([1], None), False),
    ],
    ids=["narrower", "same", "other-brand", "all-brands", "write-on-read", "all-types"],
)
def test_a_scope_covers_only_what_it_grants(granted: Scope, covered: bool) -> None:
    holder = Scope.of([1, 2], {"MESAJ": W, "EPOSTA": R})
    assert holder.covers(granted) is covered
    assert FULL.covers(granted)
