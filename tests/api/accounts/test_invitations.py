"""inviteUser and acceptInvitation: one-time links, roles, scopes and their refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server.core.clock import clock
from tenants.accounts.models import Invitation
from tests.api.accounts.documents import PASSWORD, login, me
from tests.api.accounts.team import INVITE, accept, invite, member
from tests.graphql import GraphQLClient, make_brand, sign_up


async def test_an_invited_user_joins_with_the_role_and_signs_in(client: GraphQLClient) -> None:
    # given an owner who invites an editor
    owner = await sign_up(client, "ajans")
    created = await invite(owner, "Yeni@Example.com", "EDITOR")
    # then the link is shown once and only its hash is stored
    assert created["link"] == f"/accept-invitation#token={created['token']}"
    assert created["invitation"]["email"] == "yeni@example.com"
    assert created["invitation"]["accepted"] is False
    assert not await Invitation.filter(token_hash=created["token"]).exists()
    # when the invitee accepts it
    payload = await accept(client, created["token"], full_name="Ayşe Yılmaz")
    # then the new user is signed in with the invited role, and can sign in again later
    assert payload["__typename"] == "AuthPayload"
    assert payload["user"]["role"] == "EDITOR"
    assert (await me(client, payload["accessToken"]))["fullName"] == "Ayşe Yılmaz"
    assert (await login(client, "ajans", "yeni@example.com"))["__typename"] == "AuthPayload"


async def test_a_link_works_once(client: GraphQLClient) -> None:
    # given an accepted invitation
    owner = await sign_up(client, "ajans")
    created = await invite(owner, "yeni@example.com")
    assert (await accept(client, created["token"]))["__typename"] == "AuthPayload"
    # when the same link is used again
    again = await accept(client, created["token"], full_name="Başkası")
    # then it is refused with one clear code
    assert again["__typename"] == "AuthError"
    assert again["code"] == "INVALID_INVITATION"


async def test_wrong_and_expired_links_get_the_same_answer(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given an invitation that is 7 days and 1 second old, and a made-up token
    owner = await sign_up(client, "ajans")
    created = await invite(owner, "yeni@example.com")
    clock.freeze(frozen_clock + timedelta(days=7, seconds=1))
    # when both are used
    expired = await accept(client, created["token"])
    wrong = await accept(client, "x" * 43)
    # then both are the same INVALID_INVITATION, in the requested language
    assert expired == wrong
    assert expired["code"] == "INVALID_INVITATION"


async def test_a_weak_password_keeps_the_link_usable(client: GraphQLClient) -> None:
    # given an invitation
    owner = await sign_up(client, "ajans")
    created = await invite(owner, "yeni@example.com")
    # when the invitee first picks a weak password
    weak = await accept(client, created["token"], password="kisa")
    # then it is told why, and the link still works with a good one
    assert (weak["code"], weak["field"]) == ("WEAK_PASSWORD", "password")
    assert (await accept(client, created["token"]))["__typename"] == "AuthPayload"


async def test_an_existing_member_cannot_be_invited_again(client: GraphQLClient) -> None:
    # given an owner
    owner = await sign_up(client, "ajans")
    # when the owner invites its own address
    result = await owner.data(INVITE, {"input": {"email": "owner@example.com", "role": "VIEWER"}})
    # then it is refused
    assert result["inviteUser"]["code"] == "EMAIL_TAKEN"


async def test_an_admin_cannot_invite_an_owner_or_an_admin(client: GraphQLClient) -> None:
    # given an admin
    owner = await sign_up(client, "ajans")
    admin, _ = await member(owner, "admin@example.com", "ADMIN")
    # when it invites at or above its own role
    results = [
        (await admin.data(INVITE, {"input": {"email": f"{role}@example.com", "role": role}}))[
            "inviteUser"
        ]
        for role in ("OWNER", "ADMIN")
    ]
    # then both are refused, and an editor invitation is fine
    assert [(r["code"], r["field"]) for r in results] == [("ROLE_TOO_HIGH", "role")] * 2
    assert (await invite(admin, "editor@example.com", "EDITOR"))["invitation"]["role"] == "EDITOR"


async def test_a_scope_names_only_the_tenants_brands(client: GraphQLClient) -> None:
    # given two tenants with a brand each
    owner = await sign_up(client, "ajans")
    mine = await make_brand(owner)
    stranger = await sign_up(client, "baska", email="baska@example.com")
    theirs = await make_brand(stranger, 900001, 900001)
    # when the owner limits an invitation to its brand, or to the other tenant's
    ok = await invite(
        owner, "a@example.com", "VIEWER", [mine], [{"type": "EPOSTA", "access": "READ"}]
    )
    foreign = await owner.data(
        INVITE, {"input": {"email": "b@example.com", "role": "VIEWER", "brandIds": [theirs]}}
    )
    # then its own brand is kept, and the other tenant's answers like a missing brand
    assert ok["invitation"]["access"] == {
        "limited": True,
        "brandIds": [mine],
        "types": [{"type": "EPOSTA", "access": "READ"}],
    }
    assert foreign["inviteUser"]["__typename"] == "NotFoundError"


async def test_invitations_are_limited_per_address(client: GraphQLClient, settings: Any) -> None:
    # given the per-address limit of costly anonymous calls
    limit = settings.anonymous_max_per_ip
    for _ in range(limit):
        assert (await accept(client, "x" * 43))["code"] == "INVALID_INVITATION"
    # when one more comes from the same address
    payload = await accept(client, "x" * 43)
    # then it is refused before any look-up
    assert payload["code"] == "TOO_MANY_ATTEMPTS"


async def test_sign_up_is_limited_per_address(client: GraphQLClient, settings: Any) -> None:
    # given as many sign-ups from one address as allowed
    for i in range(settings.anonymous_max_per_ip):
        await sign_up(client, f"ajans-{i}", email=f"o{i}@example.com")
    # when one more comes
    body = await client.data(
        "mutation($i: SignUpInput!) { signUp(input: $i) { __typename ... on AuthError { code } } }",
        {
            "i": {
                "tenantName": "Bir Daha",
                "email": "x@example.com",
                "password": PASSWORD,
                "fullName": "X",
            }
        },
    )
    # then it is refused without creating a tenant
    assert body["signUp"] == {"__typename": "AuthError", "code": "TOO_MANY_ATTEMPTS"}


async def test_only_admins_look_invitations_up(client: GraphQLClient) -> None:
    # given an invitation and an editor
    owner = await sign_up(client, "ajans")
    invitation_id = (await invite(owner, "yeni@example.com"))["invitation"]["id"]
    editor, _ = await member(owner, "editor@example.com")
    query = "query($id: ID!) { node(id: $id) { ... on Invitation { email } } }"
    # when both look it up
    seen = await owner.data(query, {"id": invitation_id})
    hidden = await editor.data(query, {"id": invitation_id})
    # then the owner sees it and the editor gets what a missing id gives
    assert seen["node"] == {"email": "yeni@example.com"}
    assert hidden["node"] is None
