"""login: one answer for every wrong credential, constant cost, throttling and hash upgrades."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher

from server.core.clock import clock
from server.core.runtime import Runtime
from tenants.accounts.models import User
from tests.api.accounts.documents import AUTH_RESULT, PASSWORD, login, me, signed_up
from tests.conftest import update_rows
from tests.graphql import GraphQLClient


@pytest.fixture
async def owner(client: GraphQLClient) -> dict[str, Any]:
    """Tenant "acme" with owner@example.com."""
    return await signed_up(client, "acme")


@pytest.fixture
def verify_calls(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The stored hash each password check was asked to compare against."""
    calls: list[str | None] = []
    original = runtime.passwords.verify

    async def counting(stored_hash: str | None, password: str) -> bool:
        calls.append(stored_hash)
        return await original(stored_hash, password)

    monkeypatch.setattr(runtime.passwords, "verify", counting)
    return calls


def _aliased_logins(count: int, password: str) -> str:
    fields = "\n".join(
        f'a{i}: login(input: {{tenant: "acme", email: "owner@example.com", '
        f'password: "{password}"}}) {{ {AUTH_RESULT} }}'
        for i in range(count)
    )
    return f"mutation {{ {fields} }}"


@pytest.mark.usefixtures("owner")
async def test_login_signs_in_with_a_fresh_token_pair(client: GraphQLClient) -> None:
    # given an existing owner
    # when it logs in, typing its e-mail in capitals
    payload = await login(client, email=" Owner@Example.com ")
    # then it gets a working access token and a refresh token
    assert payload["__typename"] == "AuthPayload"
    assert payload["expiresIn"] == 900
    assert payload["user"]["email"] == "owner@example.com"
    assert (await me(client, payload["accessToken"]))["role"] == "OWNER"


@pytest.mark.usefixtures("owner")
async def test_login_accepts_the_slug_in_any_letter_case(client: GraphQLClient) -> None:
    # given tenant "acme"
    # when the owner types the slug in capitals
    payload = await login(client, tenant="ACME")
    # then it is signed in
    assert payload["__typename"] == "AuthPayload"


@pytest.mark.usefixtures("owner")
@pytest.mark.parametrize(
    ("tenant", "email", "password"),
    [
        ("acme", "owner@example.com", "Wrong-Horse-Battery-9"),
        ("acme", "nobody@example.com", PASSWORD),
        ("nope", "owner@example.com", PASSWORD),
        ("acme", "not an e-mail", PASSWORD),
    ],
    ids=["password", "email", "tenant", "malformed-email"],
)
async def test_every_wrong_credential_gets_the_same_answer_and_cost(
    client: GraphQLClient, verify_calls: list[str | None], tenant: str, email: str, password: str
) -> None:
    # given one wrong part of the credentials
    # when the user logs in
    payload = await login(client, tenant, email, password)
    # then the answer never says which part was wrong
    assert payload == {
        "__typename": "AuthError",
        "code": "INVALID_CREDENTIALS",
        "message": "Giriş bilgileri hatalı.",
        "field": None,
    }
    # and exactly one password check ran, against a real or the dummy hash
    assert len(verify_calls) == 1


async def test_deactivated_user_cannot_log_in(
    client: GraphQLClient, owner: dict[str, Any], verify_calls: list[str | None]
) -> None:
    # given an owner who was deactivated
    await update_rows(User, {"email": "owner@example.com"}, active=False)
    # when it logs in with the right password
    payload = await login(client)
    # then it gets the same INVALID_CREDENTIALS after the same one password check
    assert payload["code"] == "INVALID_CREDENTIALS"
    assert len(verify_calls) == 1


@pytest.mark.usefixtures("owner")
@pytest.mark.parametrize(
    ("tenant", "email", "password"),
    [
        ("a" * 64, "owner@example.com", PASSWORD),
        ("acme", "o" * 250 + "@example.com", PASSWORD),
        ("acme", "owner@example.com", "P" * 1025),
        ("acme", "owner@example.com", "ş" * 600),
    ],
    ids=["long-tenant", "long-email", "long-password", "long-password-bytes"],
)
async def test_over_long_input_is_refused_without_hashing(
    client: GraphQLClient, verify_calls: list[str | None], tenant: str, email: str, password: str
) -> None:
    # given an input far beyond any real credential
    # when it is used to log in
    payload = await login(client, tenant, email, password)
    # then it is refused like any wrong credential, and no expensive hash is computed
    assert payload["code"] == "INVALID_CREDENTIALS"
    assert verify_calls == []


@pytest.mark.usefixtures("owner")
async def test_message_is_english_on_request(client: GraphQLClient) -> None:
    # given a wrong password
    # when the client prefers English
    payload = await login(client, password="Wrong-Horse-Battery-9", **{"accept-language": "en"})
    # then the message is English
    assert payload["message"] == "The sign-in details are wrong."


@pytest.mark.usefixtures("owner")
async def test_repeated_failures_lock_the_account_for_the_window(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given five failed attempts on one account (the limit)
    for _ in range(5):
        assert (await login(client, password="Wrong-Horse-Battery-9"))["code"] == (
            "INVALID_CREDENTIALS"
        )
    # when the right password comes next, within the window
    locked = await login(client)
    # then it is refused with TOO_MANY_ATTEMPTS
    assert locked["code"] == "TOO_MANY_ATTEMPTS"
    # and once the 15-minute window has passed, the right password works again
    clock.freeze(frozen_clock + timedelta(minutes=15, seconds=1))
    assert (await login(client))["__typename"] == "AuthPayload"


@pytest.mark.usefixtures("owner")
async def test_each_further_failure_doubles_the_lock(
    client: GraphQLClient, frozen_clock: Any, verify_calls: list[str | None]
) -> None:
    # given an account locked after five failures, whose lock then ended
    for _ in range(5):
        await login(client, password="Wrong-Horse-Battery-9")
    clock.freeze(frozen_clock + timedelta(minutes=15, seconds=1))
    # when one more failure comes
    assert (await login(client, password="Wrong-Horse-Battery-9"))["code"] == (
        "INVALID_CREDENTIALS"
    )
    # then the next lock lasts 30 minutes, and refused calls cost no password check
    checks = len(verify_calls)
    clock.freeze(frozen_clock + timedelta(minutes=45))
    assert (await login(client))["code"] == "TOO_MANY_ATTEMPTS"
    assert len(verify_calls) == checks
    clock.freeze(frozen_clock + timedelta(minutes=45, seconds=2))
    assert (await login(client))["__typename"] == "AuthPayload"


@pytest.mark.usefixtures("owner")
async def test_an_unknown_account_locks_exactly_like_a_real_one(client: GraphQLClient) -> None:
    # given five failures on an e-mail that has no account, and five on the owner's
    unknown = [(await login(client, email="nobody@example.com"))["code"] for _ in range(6)]
    real = [(await login(client, password="Wrong-Horse-Battery-9"))["code"] for _ in range(6)]
    # then both answer the same way, so the lock tells nothing about which accounts exist
    assert unknown == real == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"]


@pytest.mark.usefixtures("owner")
async def test_aliased_logins_in_one_document_are_each_counted(client: GraphQLClient) -> None:
    # given one document with ten login fields for the same account
    document = _aliased_logins(10, "Wrong-Horse-Battery-9")
    # when it is sent once
    data = await client.data(document)
    # then the first five are checked and the rest are refused as too many
    codes = [data[f"a{i}"]["code"] for i in range(10)]
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 5


@pytest.mark.usefixtures("owner")
async def test_lock_is_per_account(client: GraphQLClient) -> None:
    # given a locked account in tenant "acme"
    await signed_up(client, "beta", email="owner@example.com")
    for _ in range(5):
        await login(client, "acme", password="Wrong-Horse-Battery-9")
    # when the same e-mail logs in to another tenant
    payload = await login(client, "beta")
    # then that account is not affected
    assert payload["__typename"] == "AuthPayload"


@pytest.mark.usefixtures("owner")
async def test_success_clears_the_account_counter(client: GraphQLClient) -> None:
    # given four failures and then a success
    for _ in range(4):
        await login(client, password="Wrong-Horse-Battery-9")
    assert (await login(client))["__typename"] == "AuthPayload"
    # when four more failures follow
    codes = [(await login(client, password="Wrong-Horse-Battery-9"))["code"] for _ in range(4)]
    # then none of them is locked out
    assert codes == ["INVALID_CREDENTIALS"] * 4


@pytest.mark.usefixtures("owner")
async def test_one_address_guessing_many_accounts_is_throttled(
    client: GraphQLClient, verify_calls: list[str | None]
) -> None:
    # given 30 attempts from one address, each on a different e-mail (the per-address limit)
    for i in range(30):
        assert (await login(client, email=f"guess{i}@example.com"))["code"] == (
            "INVALID_CREDENTIALS"
        )
    # when a 31st attempt comes from the same address, even with the right credentials
    payload = await login(client)
    # then it is refused without a password check
    assert payload["code"] == "TOO_MANY_ATTEMPTS"
    assert len(verify_calls) == 30


async def test_old_hash_is_upgraded_on_login(client: GraphQLClient, runtime: Runtime) -> None:
    # given an owner whose stored hash uses older argon2 parameters
    await signed_up(client, "acme")
    old_hash = PasswordHasher(time_cost=2, memory_cost=8, parallelism=1).hash(PASSWORD)
    await update_rows(User, {"email": "owner@example.com"}, password_hash=old_hash)
    # when the owner logs in
    payload = await login(client)
    # then it is signed in and the stored hash now uses the current parameters
    assert payload["__typename"] == "AuthPayload"
    stored = (await User.get(email="owner@example.com")).password_hash
    assert stored != old_hash
    assert not runtime.passwords.needs_rehash(stored)
    assert await runtime.passwords.verify(stored, PASSWORD)
