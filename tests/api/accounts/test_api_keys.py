"""createApiKey, apiKeys, revokeApiKey, and API keys on the GraphQL endpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server.core.clock import clock
from tenants.accounts.models import ApiKey
from tests.api.accounts.documents import PROTECTED, error_codes
from tests.api.accounts.team import CREATE_KEY, REVOKE_KEY, api_key
from tests.graphql import GraphQLClient, make_brand, sign_up

RECORD = """
mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) {
    __typename
    ... on Consent { history { actorUser { email } actorApiKey { name } } }
    ... on Error { code }
  }
}"""


def _consent(brand: str) -> dict[str, Any]:
    return {
        "brandId": brand,
        "recipient": "05551234567",
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": "2026-12-03 10:00:00",
    }


async def test_a_key_is_shown_once_and_stored_as_a_hash(client: GraphQLClient) -> None:
    # given an owner
    owner = await sign_up(client, "ajans")
    # when it creates a key
    body = await owner.data(CREATE_KEY, {"input": {"name": "CRM", "role": "EDITOR"}})
    created = body["createApiKey"]
    # then the secret has the recognisable prefix, is stored only as a hash,
    # and the list shows the key without its secret
    secret = created["secret"]
    assert secret.startswith("izh_")
    assert created["apiKey"]["prefix"] == secret[:12]
    assert not await ApiKey.filter(secret_hash=secret).exists()
    listed = await owner.data("{ apiKeys { totalCount edges { node { name prefix active } } } }")
    assert listed["apiKeys"]["edges"] == [
        {"node": {"name": "CRM", "prefix": secret[:12], "active": True}}
    ]
    assert secret not in str(listed)


async def test_a_key_acts_with_its_role_and_is_named_on_the_movement(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given an editor key and a brand
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    key, _ = await api_key(owner, "EDITOR", "CRM")
    # when the key records a consent and tries to create a provider
    recorded = await key.data(RECORD, {"input": _consent(brand)})
    provider = await key.post(
        'mutation { createProvider(input: {title: "X", iysCode: 1, tin: "4540536920"}) '
        "{ __typename } }"
    )
    # then the consent is stored and its movement names the key; the provider is forbidden
    assert recorded["recordConsent"]["__typename"] == "Consent"
    movement = (await owner.data(RECORD, {"input": _consent(brand)}))["recordConsent"]
    assert movement["history"][0] == {"actorUser": None, "actorApiKey": {"name": "CRM"}}
    assert error_codes(provider) == {"createProvider": "FORBIDDEN"}


async def test_a_revoked_key_stops_at_once(client: GraphQLClient) -> None:
    # given a working key
    owner = await sign_up(client, "ajans")
    key, key_id = await api_key(owner, "VIEWER")
    assert "errors" not in await key.post(PROTECTED)
    # when it is revoked
    revoked = (await owner.data(REVOKE_KEY, {"id": key_id}))["revokeApiKey"]
    # then it is shown revoked and is refused like any unknown credential
    assert revoked["active"] is False
    assert error_codes(await key.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}


async def test_an_expired_key_is_refused(client: GraphQLClient, frozen_clock: Any) -> None:
    # given a key that expires in an hour
    owner = await sign_up(client, "ajans")
    expires = (frozen_clock + timedelta(hours=1)).isoformat()
    key, _ = await api_key(owner, "VIEWER", expiresAt=expires)
    assert "errors" not in await key.post(PROTECTED)
    # when the hour has passed
    clock.freeze(frozen_clock + timedelta(hours=1, seconds=1))
    # then the key is refused
    assert error_codes(await key.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}


async def test_bad_key_requests_are_refused_with_codes(
    client: GraphQLClient, frozen_clock: Any
) -> None:
    # given an admin
    owner = await sign_up(client, "ajans")
    admin_key, _ = await api_key(owner, "ADMIN")

    async def create(client: GraphQLClient, **payload: Any) -> Any:
        body = await client.data(CREATE_KEY, {"input": {"name": "K", **payload}})
        return body["createApiKey"]

    # when keys are asked with an owner role, a past expiry, or above the creator's role
    owner_role = await create(owner, role="OWNER")
    past = await create(owner, role="VIEWER", expiresAt="2020-01-01T00:00:00+00:00")
    too_high = await create(admin_key, role="ADMIN")
    # then each is refused on its field
    assert (owner_role["code"], owner_role["field"]) == ("ROLE_NOT_ALLOWED", "role")
    assert (past["code"], past["field"]) == ("EXPIRES_IN_PAST", "expiresAt")
    assert (too_high["code"], too_high["field"]) == ("ROLE_TOO_HIGH", "role")


async def test_a_key_is_rate_limited(client: GraphQLClient, runtime: Any) -> None:
    # given a key and a limit of 3 requests a minute
    owner = await sign_up(client, "ajans")
    key, _ = await api_key(owner, "VIEWER")
    object.__setattr__(runtime.settings, "api_key_requests_per_minute", 3)
    for _ in range(3):
        assert "errors" not in await key.post(PROTECTED)
    # when a fourth request comes within the minute
    body = await key.post(PROTECTED)
    # then it is refused with RATE_LIMITED, and the owner is not affected
    assert error_codes(body) == {"providers": "RATE_LIMITED"}
    assert "errors" not in await owner.post(PROTECTED)


async def test_a_made_up_key_is_unauthenticated(client: GraphQLClient) -> None:
    # given no such key
    await sign_up(client, "ajans")
    # when it is presented
    body = await client.as_token("izh_" + "a" * 43).post(PROTECTED)
    # then it is refused like a bad token, and me is null
    assert error_codes(body) == {"providers": "UNAUTHENTICATED"}
    assert (await client.as_token("izh_x").data("{ me { id } }"))["me"] is None
