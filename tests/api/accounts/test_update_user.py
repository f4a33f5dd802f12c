"""users, user and updateUser: roles, scopes, deactivation and ending sessions at once."""

from __future__ import annotations

from typing import Any

from tests.api.accounts.documents import PASSWORD, PROTECTED, error_codes, login, refresh
from tests.api.accounts.team import UPDATE_USER, accept, invite, member
from tests.graphql import GraphQLClient, make_brand, sign_up

USERS = "{ users { totalCount edges { node { email role active } } } }"


async def _update(admin: GraphQLClient, user_id: str, **changes: Any) -> dict[str, Any]:
    body = await admin.data(UPDATE_USER, {"input": {"id": user_id, **changes}})
    return dict(body["updateUser"])


async def _editor(owner: GraphQLClient) -> tuple[GraphQLClient, str, str]:
    """An editor signed in: its client, id and refresh token."""
    created = await invite(owner, "editor@example.com", "EDITOR")
    payload = await accept(owner.as_token(None), created["token"])
    client = owner.as_token(payload["accessToken"])
    return client, payload["user"]["id"], payload["refreshToken"]


async def test_admins_list_the_team(client: GraphQLClient) -> None:
    # given an owner and an editor
    owner = await sign_up(client, "ajans")
    editor, _ = await member(owner, "editor@example.com")
    # when the owner lists users, and the editor tries to
    listed = await owner.data(USERS)
    refused = await editor.post(USERS)
    # then the owner sees both, oldest first, and the editor is refused
    assert [e["node"]["email"] for e in listed["users"]["edges"]] == [
        "owner@example.com",
        "editor@example.com",
    ]
    assert error_codes(refused) == {"users": "FORBIDDEN"}


async def test_deactivation_ends_the_sessions_at_once(client: GraphQLClient) -> None:
    # given a signed-in editor
    owner = await sign_up(client, "ajans")
    editor, editor_id, refresh_token = await _editor(owner)
    assert "errors" not in await editor.post(PROTECTED)
    # when the owner deactivates it
    result = await _update(owner, editor_id, active=False)
    # then its access token is refused at the next request, its refresh token is dead,
    # and it cannot sign in again
    assert result["active"] is False
    assert error_codes(await editor.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    assert (await refresh(client, refresh_token))["code"] == "INVALID_TOKEN"
    assert (await login(client, "ajans", "editor@example.com"))["code"] == "INVALID_CREDENTIALS"


async def test_a_role_change_ends_the_sessions(client: GraphQLClient) -> None:
    # given a signed-in editor
    owner = await sign_up(client, "ajans")
    editor, editor_id, _ = await _editor(owner)
    # when the owner makes it a viewer
    result = await _update(owner, editor_id, role="VIEWER")
    # then the old token stops working, and a new sign-in has the new role
    assert result["role"] == "VIEWER"
    assert error_codes(await editor.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    signed_in = await login(client, "ajans", "editor@example.com", PASSWORD)
    assert signed_in["user"]["role"] == "VIEWER"


async def test_nobody_changes_their_own_rights(client: GraphQLClient) -> None:
    # given an owner
    owner = await sign_up(client, "ajans")
    owner_id = (await owner.data("{ me { id } }"))["me"]["id"]
    # when it tries to demote or deactivate itself (it is the last owner)
    demoted = await _update(owner, owner_id, role="ADMIN")
    deactivated = await _update(owner, owner_id, active=False)
    # then both are refused, and a name change is fine
    assert demoted["code"] == deactivated["code"] == "CANNOT_CHANGE_SELF"
    assert (await _update(owner, owner_id, fullName="Yeni Ad"))["fullName"] == "Yeni Ad"


async def test_an_admin_cannot_touch_owners_or_raise_anyone_to_admin(
    client: GraphQLClient,
) -> None:
    # given an admin and an editor
    owner = await sign_up(client, "ajans")
    owner_id = (await owner.data("{ me { id } }"))["me"]["id"]
    admin, _ = await member(owner, "admin@example.com", "ADMIN")
    _, editor_id = await member(owner, "editor@example.com", "EDITOR")
    # when the admin deactivates the owner, or makes the editor an admin
    on_owner = await admin.post(UPDATE_USER, {"input": {"id": owner_id, "active": False}})
    raised = await _update(admin, editor_id, role="ADMIN")
    # then the first is forbidden and the second is refused on the role
    assert error_codes(on_owner) == {"updateUser": "FORBIDDEN"}
    assert (raised["code"], raised["field"]) == ("ROLE_TOO_HIGH", "role")


async def test_a_second_owner_can_demote_the_first(client: GraphQLClient) -> None:
    # given two owners
    owner = await sign_up(client, "ajans")
    owner_id = (await owner.data("{ me { id } }"))["me"]["id"]
    second, _ = await member(owner, "second@example.com", "OWNER")
    # when the second demotes the first
    result = await _update(second, owner_id, role="ADMIN")
    # then it is done: an owner remains
    assert result["role"] == "ADMIN"


async def test_a_scope_is_set_and_lifted(client: GraphQLClient) -> None:
    # given an editor and a brand
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    _, editor_id = await member(owner, "editor@example.com")
    # when the owner limits it to the brand's SMS consents, then lifts the limit
    scoped = await _update(
        owner,
        editor_id,
        scope={"brandIds": [brand], "types": [{"type": "MESAJ", "access": "WRITE"}]},
    )
    lifted = await _update(owner, editor_id, scope={})
    # then the scope is shown each time
    assert scoped["access"] == {
        "limited": True,
        "brandIds": [brand],
        "types": [{"type": "MESAJ", "access": "WRITE"}],
    }
    assert lifted["access"] == {"limited": False, "brandIds": None, "types": None}


async def test_another_tenants_user_is_missing(client: GraphQLClient) -> None:
    # given a user of another tenant
    await sign_up(client, "ajans")
    stranger = await sign_up(client, "baska", email="baska@example.com")
    owner = await sign_up(client, "ucuncu", email="ucuncu@example.com")
    stranger_id = (await stranger.data("{ me { id } }"))["me"]["id"]
    # when an owner reads or changes it
    read = await owner.data("query($id: ID!) { user(id: $id) { id } }", {"id": stranger_id})
    changed = await _update(owner, stranger_id, active=False)
    # then it answers like a missing user
    assert read["user"] is None
    assert changed["__typename"] == "NotFoundError"
