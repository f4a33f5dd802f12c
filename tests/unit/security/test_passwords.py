"""Password hashing: argon2id, a constant-cost miss, and upgrades of old parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from server.core.security.passwords import Passwords
from server.core.settings import Settings

PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path, argon2_time_cost=1, argon2_memory_cost=8, argon2_parallelism=1
    )


@pytest.fixture
def passwords(settings: Settings) -> Passwords:
    return Passwords(settings)


async def test_hash_is_argon2id_and_verifies(passwords: Passwords) -> None:
    # given a hashed password
    stored = await passwords.hash(PASSWORD)
    # when the right and a wrong password are checked
    # then only the right one passes, and the hash is argon2id with a salt
    assert stored.startswith("$argon2id$")
    assert await passwords.verify(stored, PASSWORD)
    assert not await passwords.verify(stored, PASSWORD + "x")
    assert stored != await passwords.hash(PASSWORD)


async def test_unknown_user_never_verifies(passwords: Passwords) -> None:
    # given no stored hash (the user does not exist)
    # when any password is checked, including the internal timing equaliser
    # then it is refused
    assert not await passwords.verify(None, PASSWORD)
    assert not await passwords.verify(None, "izinhub-timing-equaliser")


async def test_unknown_user_pays_for_one_real_verify(
    passwords: Passwords, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a counter on argon2's verify
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str, password: str) -> bool:
        calls.append(hash)
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    # when a password is checked for a missing user
    await passwords.verify(None, PASSWORD)
    # then one argon2 verify still ran, against a hash of the configured cost
    assert len(calls) == 1
    assert calls[0].startswith("$argon2id$v=19$m=8,t=1,p=1$")


@pytest.mark.parametrize("stored", ["", "not-a-hash", "$argon2id$v=19$m=8,t=1,p=1$broken"])
async def test_malformed_stored_hash_fails_closed(passwords: Passwords, stored: str) -> None:
    # given a corrupt stored hash
    # when a password is checked against it
    # then the check fails instead of raising
    assert not await passwords.verify(stored, PASSWORD)


async def test_hash_with_older_parameters_needs_rehash(passwords: Passwords) -> None:
    # given one hash made with the current parameters and one with weaker, older ones
    current = await passwords.hash(PASSWORD)
    older = PasswordHasher(time_cost=2, memory_cost=8, parallelism=1).hash(PASSWORD)
    # when they are checked for upgrade
    # then only the older one needs it, and it still verifies meanwhile
    assert not passwords.needs_rehash(current)
    assert passwords.needs_rehash(older)
    assert await passwords.verify(older, PASSWORD)
