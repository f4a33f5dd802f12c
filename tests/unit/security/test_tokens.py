"""Access tokens: what TokenService accepts, and every forged or stale token it refuses."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.core.security.tokens import (
    AccessClaims,
    InvalidToken,
    TokenService,
    hash_opaque_token,
    load_keys,
    new_opaque_token,
)
from server.core.settings import Settings
from tests.unit.security.forge import claims_of, hs256, kid_of, signed, unsigned

NOW = datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
CLAIMS = AccessClaims(user_id=7, tenant_id=3, session_id=11, session_version=2)


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def settings(tmp_path: Path, private_key: Ed25519PrivateKey) -> Settings:
    return Settings(data_dir=tmp_path, jwt_private_keys=_pem(private_key))


@pytest.fixture
def service(settings: Settings) -> TokenService:
    return TokenService(settings, load_keys(settings))


@pytest.fixture
def token(service: TokenService) -> str:
    return service.issue(CLAIMS, NOW)


def _resigned(token: str, key: Ed25519PrivateKey, **changes: Any) -> str:
    return signed({**claims_of(token), **changes}, key, kid_of(token))


def test_issued_token_verifies_to_the_same_claims(service: TokenService, token: str) -> None:
    # given a freshly issued token
    # when it is verified at once
    claims = service.verify(token, NOW)
    # then the claims survive the round trip
    assert claims == CLAIMS


def test_token_carries_the_standard_claims(service: TokenService, token: str) -> None:
    # given a token issued now
    # when its payload is read
    payload = claims_of(token)
    # then it has issuer, audience, times and a unique id, and lives 15 minutes
    assert payload["iss"] == "izinhub"
    assert payload["aud"] == "izinhub-api"
    assert payload["sub"] == "7"
    assert payload["tenant"] == "3"
    assert payload["sid"] == 11
    assert payload["sv"] == 2
    assert payload["exp"] - payload["iat"] == 15 * 60
    assert payload["nbf"] == payload["iat"] == int(NOW.timestamp())
    assert len(payload["jti"]) == 32
    assert payload["jti"] != claims_of(service.issue(CLAIMS, NOW))["jti"]


def test_signature_from_another_key_is_refused(service: TokenService, token: str) -> None:
    # given the same claims and kid, signed by a key that is not ours
    forged = _resigned(token, Ed25519PrivateKey.generate())
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


def test_tampered_payload_is_refused(service: TokenService, token: str) -> None:
    # given a genuine token whose payload part is swapped for another tenant's
    head, _, signature = token.split(".")
    other = signed({**claims_of(token), "tenant": "4"}, Ed25519PrivateKey.generate(), "x")
    tampered = f"{head}.{other.split('.')[1]}.{signature}"
    # when it is verified
    # then the signature no longer matches
    with pytest.raises(InvalidToken):
        service.verify(tampered, NOW)


def test_alg_none_is_refused(service: TokenService, token: str) -> None:
    # given the genuine claims and kid with alg "none" and no signature
    forged = unsigned(claims_of(token), kid_of(token))
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


@pytest.mark.parametrize("encoding", ["raw", "pem"])
def test_hs256_signed_with_the_public_key_is_refused(
    service: TokenService, token: str, private_key: Ed25519PrivateKey, encoding: str
) -> None:
    # given the claims HMAC-signed with our public key (key confusion)
    public = private_key.public_key()
    secret = (
        public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if encoding == "raw"
        else public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    forged = hs256(claims_of(token), secret, kid_of(token))
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


@pytest.mark.parametrize(
    "changes", [{"iss": "someone-else"}, {"aud": "another-api"}], ids=["issuer", "audience"]
)
def test_wrong_issuer_or_audience_is_refused(
    service: TokenService, token: str, private_key: Ed25519PrivateKey, changes: dict[str, str]
) -> None:
    # given a token properly signed with our key but for another issuer or audience
    forged = _resigned(token, private_key, **changes)
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat", "jti", "sub", "tenant", "iss", "aud"])
def test_token_missing_a_required_claim_is_refused(
    service: TokenService, token: str, private_key: Ed25519PrivateKey, claim: str
) -> None:
    # given a properly signed token without one required claim
    payload = claims_of(token)
    del payload[claim]
    forged = signed(payload, private_key, kid_of(token))
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


def test_expiry_allows_the_leeway_and_no_more(service: TokenService, token: str) -> None:
    # given a token that expires 15 minutes from now, and a 30-second leeway
    expiry = NOW + timedelta(minutes=15)
    # when it is verified just inside and just outside the leeway
    # then the first passes and the second is refused
    assert service.verify(token, expiry + timedelta(seconds=30)) == CLAIMS
    with pytest.raises(InvalidToken):
        service.verify(token, expiry + timedelta(seconds=31))


def test_token_not_yet_valid_is_refused(service: TokenService) -> None:
    # given a token whose nbf is a minute ahead of the verifier's clock
    future = service.issue(CLAIMS, NOW + timedelta(minutes=1))
    # when it is verified now
    # then it is refused; within the leeway it would pass
    with pytest.raises(InvalidToken):
        service.verify(future, NOW)
    assert service.verify(future, NOW + timedelta(seconds=30)) == CLAIMS


def test_unknown_kid_is_refused(
    service: TokenService, token: str, private_key: Ed25519PrivateKey
) -> None:
    # given a token signed with our key but naming a key id we do not have
    forged = signed(claims_of(token), private_key, "retired-key")
    # when it is verified
    # then it is refused
    with pytest.raises(InvalidToken):
        service.verify(forged, NOW)


@pytest.mark.parametrize(
    "garbage", ["", "abc", "a.b.c", "eyJhbGciOiJFZERTQSJ9..", "x" * 5000], ids=str.__len__
)
def test_malformed_tokens_are_refused(service: TokenService, garbage: str) -> None:
    # given something that is not a token (or is far too long to be one)
    # when it is verified
    # then it is refused with InvalidToken, not another exception
    with pytest.raises(InvalidToken):
        service.verify(garbage, NOW)


def test_tokens_of_an_older_key_verify_after_rotation(
    tmp_path: Path, private_key: Ed25519PrivateKey, token: str
) -> None:
    # given a new signing key placed before the old one
    newer = Ed25519PrivateKey.generate()
    rotated = Settings(data_dir=tmp_path, jwt_private_keys=f"{_pem(newer)}\n{_pem(private_key)}")
    service = TokenService(rotated, load_keys(rotated))
    # when an old token is verified and a new one issued
    # then the old token still passes and the new one is signed with the newer key
    assert service.verify(token, NOW) == CLAIMS
    assert kid_of(service.issue(CLAIMS, NOW)) != kid_of(token)
    assert [key["kid"] for key in service.jwks()["keys"]][1] == kid_of(token)


def test_jwks_publishes_public_keys_only(service: TokenService, token: str) -> None:
    # given the service's key set
    # when it is published
    keys = service.jwks()["keys"]
    # then it names the token's kid and holds no private part
    assert [key["kid"] for key in keys] == [kid_of(token)]
    assert keys[0]["kty"] == "OKP"
    assert keys[0]["crv"] == "Ed25519"
    assert "d" not in keys[0]


def test_a_generated_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    # given no configured key
    settings = Settings(data_dir=tmp_path / "data")
    # when keys are loaded twice
    first, second = load_keys(settings), load_keys(settings)
    # then one key was written, readable by the owner only, and reused
    key_file = tmp_path / "data" / "jwt-signing-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first[0].kid == second[0].kid


_PRINT_KID = (
    "import sys; from pathlib import Path; from server.core.settings import Settings;"
    " from server.core.security.tokens import load_keys;"
    " print(load_keys(Settings(data_dir=Path(sys.argv[1])))[0].kid)"
)


def test_processes_starting_at_once_on_one_data_folder_share_one_generated_key(
    tmp_path: Path,
) -> None:
    # given four server processes starting together on an empty data folder
    command = [sys.executable, "-c", _PRINT_KID, str(tmp_path / "data")]
    env = {k: v for k, v in os.environ.items() if k != "IYS_JWT_PRIVATE_KEYS"}
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, env=env)  # noqa: S603
        for _ in range(4)
    ]
    # when each loads its signing key
    kids = {process.communicate(timeout=60)[0].strip() for process in processes}
    # then they all use the same one, the only key file left in the folder
    assert len(kids) == 1
    assert b"" not in kids
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["jwt-signing-key.pem"]


def test_opaque_tokens_are_random_and_hashed_stably() -> None:
    # given two new opaque tokens
    one, two = new_opaque_token(), new_opaque_token()
    # when they are hashed
    # then they differ, carry 256 bits, and hash to a stable SHA-256 hex digest
    assert one != two
    assert len(one) == 43
    assert hash_opaque_token(one) == hash_opaque_token(one) != hash_opaque_token(two)
    assert len(hash_opaque_token(one)) == 64
