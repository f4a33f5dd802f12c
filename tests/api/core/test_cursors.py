"""Every connection reads its `after` cursor the same way: a malformed one is INVALID_CURSOR."""

from __future__ import annotations

import base64

import pytest

from tests.graphql import GraphQLClient, make_brand, sign_up

CONNECTIONS = [
    "providers",
    "users",
    "apiKeys",
    "consents",
    "complaints",
    "webhooks",
    "importJobs",
    "auditEvents",
    "consentChanges",
]
NEEDS_BRAND = {"consents", "consentChanges"}
NULLABLE = {"users", "apiKeys", "webhooks", "auditEvents"}


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("raw", ["c:²", "c:٣", "c:03"])
async def test_a_cursor_of_anything_but_ascii_digits_is_invalid(
    client: GraphQLClient, connection: str, raw: str
) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = f'brandId: "{await make_brand(owner)}", ' if connection in NEEDS_BRAND else ""
    # when
    body = await owner.post(f'{{ {connection}({brand}after: "{_cursor(raw)}") {{ totalCount }} }}')
    # then
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CURSOR"]
    # a non-null field nulls the whole data; the nullable administrator lists only themselves
    assert body["data"] is None or body["data"] == {connection: None}
    assert (body["data"] is None) is (connection not in NULLABLE)
