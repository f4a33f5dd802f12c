"""auditEvents: every change with its actor, before and after, address and user agent."""

from __future__ import annotations

from typing import Any

from tenants.audit.models import AuditEvent
from tests.api.accounts.documents import error_codes
from tests.api.accounts.team import api_key, member
from tests.graphql import GraphQLClient, make_brand, sign_up

EVENTS = """
query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      action entityType entityId before after clientAddress userAgent
      actorUser { email } actorApiKey { name }
    } }
  }
}"""
RECORD = """
mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) { __typename ... on Consent { id } }
}"""


def _consent(brand: str, status: str = "ONAY", at: str = "2026-12-03 10:00:00") -> dict[str, Any]:
    return {
        "brandId": brand,
        "recipient": "05551234567",
        "type": "MESAJ",
        "status": status,
        "source": "HS_WEB",
        "consentDate": at,
    }


async def _events(client: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    data = await client.data(EVENTS, variables)
    return [edge["node"] for edge in data["auditEvents"]["edges"]]


async def test_changes_are_recorded_newest_first_with_actor_and_origin(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given an owner who adds a provider and a brand, using a browser
    client.headers["user-agent"] = "Tarayici/1.0"
    owner = await sign_up(client, "ajans")
    await make_brand(owner)
    # when the owner reads the trail
    events = await _events(owner)
    # then every change is there, newest first, with who, what and from where
    assert [e["action"] for e in events] == [
        "brand.create",
        "provider.create",
        "user.create",
        "tenant.create",
    ]
    brand = events[0]
    assert brand["actorUser"] == {"email": "owner@example.com"}
    assert brand["clientAddress"] == "203.0.113.7"
    assert brand["userAgent"] == "Tarayici/1.0"
    assert brand["before"] is None
    assert brand["after"]["brandCode"] == 700001


async def test_a_consent_change_keeps_before_and_after_and_the_key(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given a consent recorded by the owner and withdrawn through an API key
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    consent_id = (await owner.data(RECORD, {"input": _consent(brand)}))["recordConsent"]["id"]
    key, _ = await api_key(owner, "EDITOR", "CRM")
    withdrawn = await key.data(RECORD, {"input": _consent(brand, "RET", "2026-12-03 11:00:00")})
    assert withdrawn["recordConsent"]["__typename"] == "Consent", withdrawn
    # when the owner filters the trail by that consent
    events = await _events(owner, filter={"entityId": consent_id})
    # then both changes are there, the newest made by the key, with the states around it
    assert [e["action"] for e in events] == ["consent.record", "consent.record"]
    assert events[0]["actorApiKey"] == {"name": "CRM"}
    assert events[0]["actorUser"] is None
    assert (events[0]["before"]["status"], events[0]["after"]["status"]) == ("ONAY", "RET")
    assert events[1]["before"] is None


async def test_team_changes_are_audited_without_secrets(client: GraphQLClient) -> None:
    # given an invitation accepted, a key created and revoked, and a settings change
    owner = await sign_up(client, "ajans")
    await member(owner, "uye@example.com", "VIEWER")
    _, key_id = await api_key(owner, "VIEWER", "Rapor")
    await owner.data(f'mutation {{ revokeApiKey(id: "{key_id}") {{ __typename }} }}')
    await owner.data('mutation { updateTenant(input: {language: "en"}) { __typename } }')
    # when the owner reads the trail
    events = await _events(owner, first=6)
    # then each change is there, and no token, secret or hash is
    assert [e["action"] for e in events] == [
        "tenant.update",
        "api_key.revoke",
        "api_key.create",
        "user.join",
        "invitation.create",
        "user.create",
    ]
    assert events[0]["before"]["language"] == "tr"
    assert events[0]["after"]["language"] == "en"
    stored = str(await AuditEvent.all().values("before", "after"))
    assert "izh_" not in stored.replace(events[1]["after"]["prefix"], "")
    assert "argon2" not in stored


async def test_pages_and_filters(client: GraphQLClient) -> None:
    # given four events
    owner = await sign_up(client, "ajans")
    await make_brand(owner)
    # when they are read two at a time, and filtered by action
    first = await owner.data(EVENTS, {"first": 2})
    after = first["auditEvents"]["pageInfo"]["endCursor"]
    second = await owner.data(EVENTS, {"first": 2, "after": after})
    only = await _events(owner, filter={"action": "provider.create"})
    # then the pages follow each other, and the filter keeps one
    assert first["auditEvents"]["totalCount"] == 4
    assert first["auditEvents"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["action"] for e in second["auditEvents"]["edges"]] == [
        "user.create",
        "tenant.create",
    ]
    assert [e["action"] for e in only] == ["provider.create"]


async def test_only_owners_and_admins_read_the_trail(client: GraphQLClient) -> None:
    # given an admin and an editor
    owner = await sign_up(client, "ajans")
    admin, _ = await member(owner, "admin@example.com", "ADMIN")
    editor, _ = await member(owner, "editor@example.com", "EDITOR")
    # when both read the trail
    served = await admin.post(EVENTS)
    refused = await editor.post(EVENTS)
    # then the admin is served and the editor is forbidden
    assert "errors" not in served
    assert error_codes(refused) == {"auditEvents": "FORBIDDEN"}


async def test_another_tenants_events_are_invisible(client: GraphQLClient) -> None:
    # given two tenants
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    stranger = await sign_up(client, "baska", email="baska@example.com")
    # when the stranger filters by the owner's brand
    events = await _events(stranger, filter={"entityId": brand})
    # then it sees nothing, and its own trail has only its own sign-up
    assert events == []
    assert len(await _events(stranger)) == 2
