"""changePassword, requestPasswordReset and resetPassword."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from server.core.clock import clock
from server.core.runtime import Runtime
from server.core.settings import Settings
from tests.api.accounts.documents import AUTH_RESULT, PASSWORD, PROTECTED, error_codes, login
from tests.api.accounts.team import api_key
from tests.graphql import GraphQLClient, sign_up

NEW_PASSWORD = "Yepyeni-Sifre-42"
CHANGE = f"""
mutation($input: ChangePasswordInput!) {{ changePassword(input: $input) {{ {AUTH_RESULT} }} }}"""
REQUEST = "mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }"
RESET = f"""
mutation($input: ResetPasswordInput!) {{ resetPassword(input: $input) {{ {AUTH_RESULT} }} }}"""


async def _change(client: GraphQLClient, current: str, new: str) -> dict[str, Any]:
    body = await client.data(CHANGE, {"input": {"currentPassword": current, "newPassword": new}})
    return dict(body["changePassword"])


async def _request(client: GraphQLClient, email: str = "owner@example.com") -> bool:
    body = await client.data(REQUEST, {"input": {"tenant": "ajans", "email": email}})
    return bool(body["requestPasswordReset"])


async def _reset(client: GraphQLClient, token: str, password: str = NEW_PASSWORD) -> dict[str, Any]:
    body = await client.data(RESET, {"input": {"token": token, "password": password}})
    return dict(body["resetPassword"])


def _mailed_token(runtime: Runtime) -> str:
    found = re.search(r"token=([\w-]+)", runtime.mailer.sent[-1].body)
    assert found is not None
    return found.group(1)


async def test_changing_the_password_ends_the_other_sessions(client: GraphQLClient) -> None:
    # given a signed-in owner
    owner = await sign_up(client, "ajans")
    # when it changes its password
    payload = await _change(owner, PASSWORD, NEW_PASSWORD)
    # then it gets a fresh session, the old token is refused, and only the new password works
    assert payload["__typename"] == "AuthPayload"
    assert error_codes(await owner.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    assert "errors" not in await owner.as_token(payload["accessToken"]).post(PROTECTED)
    assert (await login(client, "ajans"))["code"] == "INVALID_CREDENTIALS"
    assert (await login(client, "ajans", password=NEW_PASSWORD))["__typename"] == "AuthPayload"


async def test_a_wrong_current_password_or_a_weak_new_one_is_refused(
    client: GraphQLClient,
) -> None:
    # given a signed-in owner
    owner = await sign_up(client, "ajans")
    # when it gives a wrong current password, or a weak new one
    wrong = await _change(owner, "Wrong-Horse-Battery-9", NEW_PASSWORD)
    weak = await _change(owner, PASSWORD, "123456")
    # then each is refused with its code, and the old password still works
    assert wrong["code"] == "INVALID_CREDENTIALS"
    assert weak["code"] == "WEAK_PASSWORD"
    assert (await login(client, "ajans"))["__typename"] == "AuthPayload"


async def test_an_api_key_has_no_password(client: GraphQLClient) -> None:
    # given an admin key
    owner = await sign_up(client, "ajans")
    key, _ = await api_key(owner, "ADMIN")
    # when it tries to change a password
    body = await key.post(CHANGE, {"input": {"currentPassword": "a", "newPassword": "b"}})
    # then it is forbidden
    assert error_codes(body) == {"changePassword": "FORBIDDEN"}


async def test_a_reset_link_sets_a_new_password_once(
    client: GraphQLClient, runtime: Runtime
) -> None:
    # given an owner who forgot its password and asked for a link
    owner = await sign_up(client, "ajans")
    assert await _request(client, " Owner@Example.com ")
    token = _mailed_token(runtime)
    # when it uses the link
    payload = await _reset(client, token)
    # then it is signed in, older sessions are over, and the link does not work twice
    assert payload["__typename"] == "AuthPayload"
    assert error_codes(await owner.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    assert (await login(client, "ajans", password=NEW_PASSWORD))["__typename"] == "AuthPayload"
    assert (await _reset(client, token, "Baska-Bir-Sifre-7"))["code"] == "INVALID_RESET_TOKEN"


async def test_an_unknown_account_gets_the_same_answer_and_no_mail(
    client: GraphQLClient, runtime: Runtime
) -> None:
    # given a tenant
    await sign_up(client, "ajans")
    # when a reset is asked for an address that has no account
    answered = await _request(client, "nobody@example.com")
    # then the answer is the same true, and nothing is sent
    assert answered is True
    assert runtime.mailer.sent == []


async def test_an_expired_or_made_up_token_is_refused(
    client: GraphQLClient, runtime: Runtime, frozen_clock: Any
) -> None:
    # given a reset link older than an hour
    await sign_up(client, "ajans")
    await _request(client)
    token = _mailed_token(runtime)
    clock.freeze(frozen_clock + timedelta(minutes=61))
    # when it is used, and so is a made-up token
    expired = await _reset(client, token)
    made_up = await _reset(client, "y" * 43)
    # then both get the same answer
    assert expired == made_up
    assert expired["code"] == "INVALID_RESET_TOKEN"


async def test_a_weak_password_keeps_the_reset_link_usable(
    client: GraphQLClient, runtime: Runtime
) -> None:
    # given a reset link
    await sign_up(client, "ajans")
    await _request(client)
    token = _mailed_token(runtime)
    # when a weak password is tried first
    weak = await _reset(client, token, "kisa")
    # then the link still works with a good one
    assert weak["code"] == "WEAK_PASSWORD"
    assert (await _reset(client, token))["__typename"] == "AuthPayload"


async def test_the_reset_mail_is_delivered_through_the_mail_transport(
    client: GraphQLClient, settings: Settings
) -> None:
    # given an owner who asked for a reset link, with the default file transport
    await sign_up(client, "ajans")
    assert await _request(client)
    # when the outbox folder is read, as a newcomer would open it
    files = sorted((settings.data_dir / "outbox").glob("*-eposta-*.txt"))
    # then the message with its one-time link is there
    assert len(files) == 1
    text = files[0].read_text(encoding="utf-8")
    assert "To: owner@example.com" in text
    assert re.search(r"token=[\w-]+", text)
