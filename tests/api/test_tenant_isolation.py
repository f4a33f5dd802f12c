"""Every query and mutation, as anonymous, as another tenant and as the owner.

The operations are read from the schema itself, so a new field is covered the day it is added:
it fails here until it has an entry in ARGUMENTS (how to call it with the owner's objects) and,
if it is open to anonymous callers, in PUBLIC.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)

from schema.root import schema
from tests.api.accounts.team import api_key, member
from tests.graphql import GraphQLClient, make_brand, sign_up

PUBLIC = {
    "me",
    "node",
    "signUp",
    "login",
    "refreshSession",
    "logout",
    "acceptInvitation",
    "requestPasswordReset",
    "resetPassword",
    "requestRecipientCode",
    "verifyRecipientCode",
}
# The recipient side answers to recipient tokens, never to a tenant's users: anonymous callers
# are covered here, the rest by tests/api/recipients.
RECIPIENT_SIDE = {
    "requestRecipientCode",
    "verifyRecipientCode",
    "recipientConsents",
    "rejectRecipientConsent",
    "rejectRecipientChannel",
    "fileRecipientComplaint",
}
NOT_FOUND_CODES = {"NOT_FOUND"}

# How to call each operation with the owner's objects; "{brand}" etc. are filled in per run.
ARGUMENTS: dict[str, dict[str, Any]] = {
    "me": {},
    "node": {"id": "{brand}"},
    "providers": {},
    "brands": {"providerId": "{provider}"},
    "consents": {"brandId": "{brand}"},
    "consent": {"brandId": "{brand}", "recipient": "05551234567", "type": "MESAJ"},
    "checkConsents": {"brandId": "{brand}", "type": "MESAJ", "recipients": ["05551234567"]},
    "importJob": {"id": "{import_job}"},
    "importJobs": {"brandId": "{brand}"},
    "signUp": {
        "input": {
            "tenantName": "Yeni",
            "email": "n@example.com",
            "password": "Uzun-ve-gizli-9",
            "fullName": "Yeni Kişi",
        }
    },
    "login": {"input": {"tenant": "sahip", "email": "owner@example.com", "password": "x"}},
    "refreshSession": {"refreshToken": "not-a-token"},
    "logout": {"refreshToken": "not-a-token"},
    "createProvider": {"input": {"title": "X", "iysCode": 800001, "tin": "4540536920"}},
    "createBrand": {"input": {"providerId": "{provider}", "name": "Y", "brandCode": 800002}},
    "recordConsent": {
        "input": {
            "brandId": "{brand}",
            "recipient": "05551234567",
            "type": "MESAJ",
            "status": "ONAY",
            "source": "HS_WEB",
            "consentDate": "2026-12-03 10:00:00",
        }
    },
    "importConsents": {"brandId": "{brand}", "file": None},
    "consentChanges": {"brandId": "{brand}", "source": "HS"},
    "consentReconciliation": {"brandId": "{brand}", "day": "2026-12-03"},
    "movementsPerDay": {"brandId": "{brand}"},
    "users": {},
    "user": {"id": "{member}"},
    "apiKeys": {},
    "auditEvents": {"filter": {"entityId": "{brand}"}},
    "inviteUser": {
        "input": {"email": "yeni@example.com", "role": "VIEWER", "brandIds": ["{brand}"]}
    },
    "acceptInvitation": {
        "input": {"token": "not-a-token", "password": "Uzun-ve-gizli-9", "fullName": "Yeni"}
    },
    "updateUser": {"input": {"id": "{member}", "role": "VIEWER"}},
    "changePassword": {
        "input": {"currentPassword": "Correct-Horse-Battery-9", "newPassword": "Yepyeni-Sifre-42"}
    },
    "requestPasswordReset": {"input": {"tenant": "sahip", "email": "owner@example.com"}},
    "resetPassword": {"input": {"token": "not-a-token", "password": "Uzun-ve-gizli-9"}},
    "createApiKey": {"input": {"name": "CRM", "role": "EDITOR", "brandIds": ["{brand}"]}},
    "revokeApiKey": {"id": "{api_key}"},
    "updateTenant": {"input": {"name": "Yeni Ad"}},
    "deleteTenant": {"input": {"confirmSlug": "sahip"}},
    "requestRecipientCode": {"address": "05551234567"},
    "verifyRecipientCode": {"address": "05551234567", "code": "000000"},
    "recipientConsents": {},
    "rejectRecipientConsent": {"consentId": "UmVjaXBpZW50Q29uc2VudDox"},
    "rejectRecipientChannel": {"type": "MESAJ"},
    "complaints": {"brandId": "{brand}"},
    "complaint": {"id": "{complaint}"},
    "recordComplaint": {
        "input": {
            "brandId": "{brand}",
            "recipient": "05551234567",
            "type": "MESAJ",
            "messageAt": "2026-12-03T10:30:00+00:00",
            "content": "Kampanya",
        }
    },
    "updateComplaint": {"input": {"id": "{complaint}", "note": "Bakıyoruz."}},
    "fileRecipientComplaint": {
        "input": {
            "consentId": "UmVjaXBpZW50Q29uc2VudDox",
            "type": "MESAJ",
            "messageAt": "2026-12-03T10:30:00+00:00",
            "content": "Kampanya",
        }
    },
    "webhooks": {"brandId": "{brand}"},
    "createWebhook": {"input": {"brandId": "{brand}", "url": "https://127.0.0.1/hook"}},
    "setWebhookActive": {"id": "{webhook}", "active": False},
    "deleteWebhook": {"id": "{webhook}"},
}


def _operations() -> list[tuple[str, str, GraphQLField]]:
    graphql_schema = schema._schema
    found = []
    for kind, root in (
        ("query", graphql_schema.query_type),
        ("mutation", graphql_schema.mutation_type),
    ):
        assert root is not None
        found += [(kind, name, field) for name, field in root.fields.items()]
    return found


OPERATIONS = _operations()


def test_every_operation_has_a_recipe() -> None:
    # then
    assert sorted(name for _, name, _ in OPERATIONS if name not in ARGUMENTS) == []


def _selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    if isinstance(named, GraphQLUnionType):
        return "{ __typename ... on Error { code } }"
    if isinstance(named, GraphQLObjectType) and "totalCount" in named.fields:
        return "{ __typename totalCount edges { node { __typename } } }"
    return "{ __typename }"


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _request(
    kind: str, name: str, field: GraphQLField, ids: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    """The operation as a document with one variable per argument, and the variables."""
    variables = _fill(ARGUMENTS[name], ids)
    declared = ", ".join(f"${arg}: {field.args[arg].type}" for arg in variables)
    passed = ", ".join(f"{arg}: ${arg}" for arg in variables)
    header = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    return f"{header} {{ {call} {_selection(field)} }}", variables


@pytest.fixture
async def world(
    client: GraphQLClient, frozen_clock: object, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    owner = await sign_up(client, "sahip")
    brand = await make_brand(owner)
    node = (
        await owner.data(
            "query($id: ID!) { node(id: $id) { ... on Brand { provider { id } } } }", {"id": brand}
        )
    )["node"]
    recorded = await owner.data(
        "mutation($input: RecordConsentInput!) { recordConsent(input: $input) { __typename } }",
        {"input": ARGUMENTS["recordConsent"]["input"] | {"brandId": brand}},
    )
    assert recorded["recordConsent"]["__typename"] == "Consent"
    monkeypatch.setenv("IYS_NOTIFY_WEBHOOKS_DEVELOPMENT", "true")  # a loopback webhook
    webhook = await owner.data(
        "mutation($input: CreateWebhookInput!) { createWebhook(input: $input) {"
        " ... on CreatedWebhook { webhook { id } } } }",
        {"input": {"brandId": brand, "url": "http://127.0.0.1:9/hook"}},
    )
    monkeypatch.delenv("IYS_NOTIFY_WEBHOOKS_DEVELOPMENT")
    complained = await owner.data(
        "mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) {"
        " ... on Complaint { id } } }",
        {"input": ARGUMENTS["recordComplaint"]["input"] | {"brandId": brand}},
    )
    _, member_id = await member(owner, "uye@example.com")
    _, key_id = await api_key(owner)
    stranger = await sign_up(client, "yabanci", email="stranger@example.com")
    await make_brand(stranger, 900001, 900001)
    ids = {
        "brand": brand,
        "provider": node["provider"]["id"],
        "import_job": "SW1wb3J0Sm9iOjE",  # ImportJob:1, which is the owner's first job
        "member": member_id,
        "api_key": key_id,
        "complaint": complained["recordComplaint"]["id"],
        "webhook": webhook["createWebhook"]["webhook"]["id"],
    }
    return {"owner": owner, "stranger": stranger, "anonymous": client.as_token(None), "ids": ids}


def _field_result(body: dict[str, Any], name: str) -> tuple[Any, list[dict[str, Any]]]:
    data = body.get("data") or {}
    return data.get(name), body.get("errors") or []


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict) and "totalCount" in value:
        return value["totalCount"] == 0
    return isinstance(value, dict) and value.get("__typename") == "NotFoundError"


@pytest.mark.parametrize(("kind", "name", "field"), OPERATIONS, ids=[o[1] for o in OPERATIONS])
async def test_anonymous_gets_nothing(
    world: dict[str, Any], kind: str, name: str, field: GraphQLField
) -> None:
    if name in PUBLIC or name == "importConsents":
        pytest.skip("open to anonymous callers by design" if name in PUBLIC else "multipart")
    # when
    body = await world["anonymous"].post(*_request(kind, name, field, world["ids"]))
    value, errors = _field_result(body, name)
    # then
    assert value is None
    assert [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(("kind", "name", "field"), OPERATIONS, ids=[o[1] for o in OPERATIONS])
async def test_another_tenant_sees_nothing(
    world: dict[str, Any], kind: str, name: str, field: GraphQLField
) -> None:
    if (
        name
        in {
            "signUp",
            "login",
            "refreshSession",
            "logout",
            "me",
            "providers",
            "createProvider",
            "importConsents",
            "users",
            "apiKeys",
            "acceptInvitation",
            "changePassword",
            "requestPasswordReset",
            "resetPassword",
            "updateTenant",
            "deleteTenant",
        }
        | RECIPIENT_SIDE
    ):
        pytest.skip("takes no object of another tenant")
    # when
    body = await world["stranger"].post(*_request(kind, name, field, world["ids"]))
    value, errors = _field_result(body, name)
    # then: exactly what a missing id gives
    assert (
        _is_empty(value)
        or (isinstance(value, list) and not value)
        or (value is None and {e["extensions"]["code"] for e in errors} <= NOT_FOUND_CODES)
    ), body
    assert "sahip" not in str(body)


@pytest.mark.parametrize(("kind", "name", "field"), OPERATIONS, ids=[o[1] for o in OPERATIONS])
async def test_owner_is_served(
    world: dict[str, Any], kind: str, name: str, field: GraphQLField
) -> None:
    if name in {"importConsents", "importJob", "login", "refreshSession", "logout", "signUp"} | (
        RECIPIENT_SIDE
    ):
        pytest.skip("covered by its own module (needs an upload, a job or real credentials)")
    # when
    body = await world["owner"].post(*_request(kind, name, field, world["ids"]))
    value, errors = _field_result(body, name)
    # then
    assert errors == [], body
    assert value is not None
    assert not (isinstance(value, dict) and value.get("__typename") == "NotFoundError"), body
