"""me: the signed-in user, or null; every kind of bad access token makes the caller anonymous."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.core.clock import clock
from server.core.security.tokens import SigningKey, load_keys
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.accounts import services
from tenants.accounts.models import User
from tests.api.accounts.documents import ME, PROTECTED, error_codes, signed_up
from tests.conftest import update_rows
from tests.graphql import GraphQLClient
from tests.unit.security.forge import claims_of, hs256, kid_of, signed, unsigned


@pytest.fixture
async def session(client: GraphQLClient, frozen_clock: Any) -> dict[str, Any]:
    """A signed-in owner, at the frozen instant."""
    return await signed_up(client, "acme")


@pytest.fixture
def signing_key(settings: Settings) -> SigningKey:
    return load_keys(settings)[0]


async def _assert_anonymous(client: GraphQLClient, token: str) -> None:
    """``me`` is null without an error; a protected field answers UNAUTHENTICATED."""
    assert await client.post(ME, token=token) == {"data": {"me": None}}
    assert error_codes(await client.post(PROTECTED, token=token)) == {
        "providers": "UNAUTHENTICATED"
    }


async def test_me_is_null_for_an_anonymous_caller(client: GraphQLClient) -> None:
    # given no token at all
    # when me is asked
    body = await client.post(ME)
    # then it is null, and that is not an error
    assert body == {"data": {"me": None}}


async def test_me_shows_the_signed_in_user(client: GraphQLClient, session: dict[str, Any]) -> None:
    # given a signed-in owner
    # when me is asked with its access token
    data = await client.data(ME, token=session["accessToken"])
    # then it is the owner with its tenant
    assert data["me"] == {
        "id": session["user"]["id"],
        "email": "owner@example.com",
        "fullName": "Owner Person",
        "role": "OWNER",
        "active": True,
        "tenant": {"id": session["user"]["tenant"]["id"], "name": "Acme Pazarlama", "slug": "acme"},
    }


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer    ", "Token x.y.z"])
async def test_malformed_authorization_header_is_anonymous(
    client: GraphQLClient, header: str
) -> None:
    # given an Authorization header that is not a bearer token
    # when a protected document is sent
    body = await client.post(PROTECTED, authorization=header)
    # then the caller is anonymous
    assert error_codes(body) == {"providers": "UNAUTHENTICATED"}


async def test_forged_signature_is_anonymous(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given the owner's claims and kid, signed with a key that is not ours
    forged = signed(
        claims_of(session["accessToken"]),
        Ed25519PrivateKey.generate(),
        kid_of(session["accessToken"]),
    )
    # when it is used
    # then the caller is anonymous
    await _assert_anonymous(client, forged)


async def test_alg_none_is_anonymous(client: GraphQLClient, session: dict[str, Any]) -> None:
    # given the owner's claims with alg "none" and no signature
    forged = unsigned(claims_of(session["accessToken"]), kid_of(session["accessToken"]))
    # when it is used
    # then the caller is anonymous
    await _assert_anonymous(client, forged)


async def test_hs256_with_the_public_key_is_anonymous(
    client: GraphQLClient, session: dict[str, Any], signing_key: SigningKey
) -> None:
    # given the owner's claims HMAC-signed with our published public key
    public_pem = signing_key.public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = session["accessToken"]
    for secret in (public_pem, signing_key.public_raw()):
        # when it is used
        # then the caller is anonymous
        await _assert_anonymous(client, hs256(claims_of(token), secret, kid_of(token)))


@pytest.mark.parametrize(
    "changes", [{"iss": "someone-else"}, {"aud": "another-api"}], ids=["issuer", "audience"]
)
async def test_wrong_issuer_or_audience_is_anonymous(
    client: GraphQLClient,
    session: dict[str, Any],
    signing_key: SigningKey,
    changes: dict[str, str],
) -> None:
    # given a token signed with our own key but for another issuer or audience
    token = session["accessToken"]
    forged = signed({**claims_of(token), **changes}, signing_key.private, signing_key.kid)
    # when it is used
    # then the caller is anonymous
    await _assert_anonymous(client, forged)


async def test_unknown_kid_is_anonymous(
    client: GraphQLClient, session: dict[str, Any], signing_key: SigningKey
) -> None:
    # given a token signed with our key but naming an unknown key id
    forged = signed(claims_of(session["accessToken"]), signing_key.private, "retired")
    # when it is used
    # then the caller is anonymous
    await _assert_anonymous(client, forged)


async def test_another_tenant_claimed_in_a_forged_token_is_anonymous(
    client: GraphQLClient, session: dict[str, Any], signing_key: SigningKey
) -> None:
    # given a correctly signed token whose tenant claim does not match its user and session
    other = await signed_up(client, "beta", email="other@example.com")
    claims = {
        **claims_of(session["accessToken"]),
        "tenant": claims_of(other["accessToken"])["tenant"],
    }
    # when it is used
    # then no principal is found for it
    await _assert_anonymous(client, signed(claims, signing_key.private, signing_key.kid))


async def test_expired_token_is_anonymous_beyond_the_leeway(
    client: GraphQLClient, session: dict[str, Any], frozen_clock: Any
) -> None:
    # given an access token 15 minutes old plus the 30-second leeway
    clock.freeze(frozen_clock + timedelta(minutes=15, seconds=30))
    assert (await client.data(ME, token=session["accessToken"]))["me"] is not None
    # when one more second passes
    clock.freeze(frozen_clock + timedelta(minutes=15, seconds=31))
    # then the caller is anonymous
    await _assert_anonymous(client, session["accessToken"])


async def test_token_not_yet_valid_is_anonymous(
    client: GraphQLClient, session: dict[str, Any], frozen_clock: Any
) -> None:
    # given a token issued by a clock one minute ahead (nbf in the future)
    clock.freeze(frozen_clock + timedelta(minutes=1))
    ahead = await client.data(
        "mutation($t: String!) { refreshSession(refreshToken: $t) "
        "{ ... on AuthPayload { accessToken } } }",
        {"t": session["refreshToken"]},
    )
    # when it is used now
    clock.freeze(frozen_clock)
    # then the caller is anonymous
    await _assert_anonymous(client, ahead["refreshSession"]["accessToken"])


async def test_deactivated_user_is_anonymous(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given an owner deactivated after signing in
    await update_rows(User, {"email": "owner@example.com"}, active=False)
    # when its still unexpired token is used
    # then the caller is anonymous
    await _assert_anonymous(client, session["accessToken"])


async def test_bumped_session_version_is_anonymous(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given an owner whose session version moved on (signed out everywhere)
    user = await User.get(email="owner@example.com")
    with as_tenant(user.tenant_id):
        await services.sign_out_everywhere(user.tenant_id, user.id)
    # when its earlier token is used
    # then the caller is anonymous
    await _assert_anonymous(client, session["accessToken"])


async def test_session_version_alone_invalidates_tokens(
    client: GraphQLClient, session: dict[str, Any]
) -> None:
    # given a live session whose user's session_version was bumped directly
    user = await User.get(email="owner@example.com")
    await update_rows(User, {"id": user.id}, session_version=user.session_version + 1)
    # when the earlier access token is used
    # then the caller is anonymous
    await _assert_anonymous(client, session["accessToken"])
