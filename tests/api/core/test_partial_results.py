"""A caller lacking the role gets FORBIDDEN on that field only; the document's other root fields
still resolve (graphql-contract.md, Conventions)."""

from __future__ import annotations

import pytest

from tests.api.accounts.team import api_key, member
from tests.graphql import GraphQLClient, make_brand, sign_up

ADMIN_ONLY = ["users", "apiKeys", "auditEvents", "webhooks"]


@pytest.mark.parametrize("field", ADMIN_ONLY)
async def test_an_editor_is_refused_one_field_and_served_the_rest(
    client: GraphQLClient, field: str
) -> None:
    # given an owner with a brand, and an editor of the tenant
    owner = await sign_up(client, "ajans")
    await make_brand(owner)
    editor, _ = await member(owner, "editor@example.com", "EDITOR")
    # when the editor asks for an administrator's list next to what it may read
    body = await editor.post(
        f"{{ me {{ email }} {field} {{ totalCount }} providers {{ totalCount }} }}"
    )
    # then only that field is null, with FORBIDDEN at its path, and the rest is served
    assert body["data"] == {
        "me": {"email": "editor@example.com"},
        field: None,
        "providers": {"totalCount": 1},
    }
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        ([field], "FORBIDDEN")
    ]


async def test_a_viewer_key_gets_the_fields_it_may_read(client: GraphQLClient) -> None:
    # given a viewer's API key
    owner = await sign_up(client, "ajans")
    await make_brand(owner)
    viewer, _ = await api_key(owner, "VIEWER")
    # when it reads the audit trail and the providers in one document
    body = await viewer.post("{ auditEvents { totalCount } providers { totalCount } }")
    # then the providers are served and the audit trail alone is refused
    assert body["data"] == {"auditEvents": None, "providers": {"totalCount": 1}}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
