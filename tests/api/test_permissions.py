"""Every query and mutation, as each role, as a brand-limited user and as an API key.

The operations are read from the schema, like the isolation test: a new field fails here until
it has a row in TABLE saying, for each kind of caller, whether it is served, refused with
FORBIDDEN, or answered as if the object did not exist (a brand outside the caller's scope).

The recipes and the world are the isolation test's (ARGUMENTS, world): they name the owner's
brand A. The limited user is an EDITOR that may only see brand B (of another provider) and
write MESAJ there; the key is an EDITOR key with every brand.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import test_tenant_isolation as isolation
from tests.api.accounts.team import api_key, member
from tests.api.test_tenant_isolation import OPERATIONS, _field_result, _is_empty, _request
from tests.graphql import CREATE_BRAND, CREATE_PROVIDER, GraphQLClient

# The isolation test's fixture, shared: the same owner, brand A and objects.
world = isolation.world

OK, NO, HIDDEN, ANON = "served", "FORBIDDEN", "hidden", "UNAUTHENTICATED"
CALLERS = ("owner", "admin", "editor", "viewer", "limited", "key")


def row(owner: str, admin: str, editor: str, viewer: str, limited: str, key: str) -> dict[str, str]:
    return dict(zip(CALLERS, (owner, admin, editor, viewer, limited, key), strict=True))


EVERYONE = row(OK, OK, OK, OK, OK, OK)
READERS = row(OK, OK, OK, OK, HIDDEN, OK)  # the limited user cannot see brand A
WRITERS = row(OK, OK, OK, NO, HIDDEN, OK)  # the key is an EDITOR key
STRUCTURE = row(OK, OK, NO, NO, NO, NO)  # ADMIN with every brand
PEOPLE = row(OK, OK, OK, OK, OK, NO)  # users, not keys
RECIPIENTS = row(ANON, ANON, ANON, ANON, ANON, ANON)  # recipient tokens only, never a tenant's

TABLE: dict[str, dict[str, str]] = {
    "me": row(OK, OK, OK, OK, OK, HIDDEN),  # a key is nobody: me is null
    "node": READERS,
    "providers": EVERYONE,  # the limited user sees brand B's provider only (test_brand_scope)
    "brands": READERS,
    "consents": READERS,
    "consent": READERS,
    "checkConsents": READERS,
    "importJob": READERS,
    "importJobs": READERS,
    "importConsents": WRITERS,
    "consentChanges": READERS,
    "consentReconciliation": READERS,
    "signUp": EVERYONE,
    "login": EVERYONE,
    "refreshSession": EVERYONE,
    "logout": EVERYONE,
    "acceptInvitation": EVERYONE,
    "requestPasswordReset": EVERYONE,
    "resetPassword": EVERYONE,
    "createProvider": STRUCTURE,
    "createBrand": STRUCTURE,
    "recordConsent": WRITERS,
    "users": STRUCTURE,
    "user": STRUCTURE,
    "apiKeys": STRUCTURE,
    "auditEvents": STRUCTURE,
    "inviteUser": STRUCTURE,
    "updateUser": STRUCTURE,
    "createApiKey": STRUCTURE,
    "revokeApiKey": STRUCTURE,
    "updateTenant": STRUCTURE,
    "deleteTenant": row(OK, NO, NO, NO, NO, NO),
    "changePassword": PEOPLE,
    "movementsPerDay": READERS,
    "complaints": READERS,
    "complaint": READERS,
    "recordComplaint": WRITERS,
    "updateComplaint": WRITERS,
    "fileRecipientComplaint": RECIPIENTS,
    "webhooks": STRUCTURE,
    "createWebhook": STRUCTURE,
    "setWebhookActive": STRUCTURE,
    "deleteWebhook": STRUCTURE,
    "requestRecipientCode": EVERYONE,
    "verifyRecipientCode": EVERYONE,
    "recipientConsents": RECIPIENTS,
    "rejectRecipientConsent": RECIPIENTS,
    "rejectRecipientChannel": RECIPIENTS,
}
# Answers that are empty for every caller in this world (it has no import job).
MAY_BE_EMPTY = {"importJob", "importJobs"}
# Work once: after one caller has deleted the object, the next allowed one finds nothing.
ONCE_ONLY = {"deleteWebhook"}
# Served to the owner last: once it has run, no other caller's token works any more.
OWNER_LAST = {"deleteTenant"}
# Not run: multipart uploads have their own module.
NOT_RUN = {"importConsents"}
# The world has no import job, so these answers say nothing about the limited user's scope;
# tests/api/accounts/test_brand_scope.py covers it.
SCOPE_PENDING = {"importJob", "importJobs"}


def test_every_operation_has_a_row() -> None:
    # then
    assert sorted(name for _, name, _ in OPERATIONS if name not in TABLE) == []


@pytest.fixture
async def callers(world: dict[str, Any]) -> dict[str, GraphQLClient]:
    """The isolation test's world (its owner, brand A and objects), plus one caller of each kind.

    Its member (an EDITOR) is the target of updateUser and its key the target of revokeApiKey.
    """
    owner: GraphQLClient = world["owner"]
    brand_b = await _second_brand(owner)
    limited_types = [{"type": "MESAJ", "access": "WRITE"}]
    found: dict[str, GraphQLClient] = {"owner": owner}
    found["admin"], _ = await member(owner, "admin@example.com", "ADMIN")
    found["editor"], _ = await member(owner, "editor@example.com", "EDITOR")
    found["viewer"], _ = await member(owner, "viewer@example.com", "VIEWER")
    found["limited"], _ = await member(
        owner, "limited@example.com", "EDITOR", [brand_b], limited_types
    )
    found["key"], _ = await api_key(owner, "EDITOR", "Entegrasyon")
    return found


async def _second_brand(owner: GraphQLClient) -> str:
    """Brand B, of a second provider, so a provider filter on A's provider shows the limit."""
    provider = await owner.data(
        CREATE_PROVIDER, {"input": {"title": "İkinci A.Ş.", "iysCode": 700002, "tin": "4540536920"}}
    )
    provider_id = provider["createProvider"]["id"]
    brand = await owner.data(
        CREATE_BRAND,
        {"input": {"providerId": provider_id, "name": "İkinci", "brandCode": 700002}},
    )
    return str(brand["createBrand"]["id"])


def _outcome(name: str, body: dict[str, Any]) -> str:
    value, errors = _field_result(body, name)
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if codes in (["FORBIDDEN"], ["UNAUTHENTICATED"]) and value is None:
        return str(codes[0])
    hidden = _is_empty(value) or (isinstance(value, list) and not value)
    if value is None and set(codes) <= {"NOT_FOUND"}:
        hidden = True
    if errors and not hidden:
        return f"error {codes}"
    if hidden and name not in MAY_BE_EMPTY:
        return HIDDEN
    return OK


@pytest.mark.parametrize(("kind", "name", "field"), OPERATIONS, ids=[o[1] for o in OPERATIONS])
async def test_each_caller_gets_what_the_table_says(
    world: dict[str, Any], callers: dict[str, GraphQLClient], kind: str, name: str, field: Any
) -> None:
    assert name in TABLE, f"{name} needs a row in TABLE"
    if name in NOT_RUN:
        pytest.skip("needs a multipart upload; covered by its own module")
    expected = dict(TABLE[name])
    if name in SCOPE_PENDING:
        expected.pop("limited")
    document, variables = _request(kind, name, field, world["ids"])
    # when every kind of caller sends the same document
    seen = {}
    order = sorted(expected, key=lambda c: c == "owner" and name in OWNER_LAST)
    for caller in order:
        body = await callers[caller].post(document, variables)
        seen[caller] = _outcome(name, body)
        if name in ONCE_ONLY and seen[caller] == HIDDEN and OK in seen.values():
            seen[caller] = OK  # already deleted by an earlier caller
    # then each gets what the table says
    assert seen == expected
