"""EdDSA access tokens: signed with the newest key, verified against any key in the JWKS."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from server.core.settings import Settings

ALGORITHM = "EdDSA"
REQUIRED_CLAIMS = ["iss", "aud", "sub", "tenant", "exp", "iat", "nbf", "jti"]
MAX_TOKEN_LENGTH = 4096


class InvalidToken(Exception):
    """The token is malformed, forged, expired or otherwise unusable."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    tenant_id: int
    session_id: int | None
    session_version: int


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def public_raw(self) -> bytes:
        return self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _thumbprint(raw_public: bytes) -> str:
    """RFC 7638 thumbprint of the OKP key, used as its ``kid``."""
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw_public)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64(hashlib.sha256(canonical.encode()).digest())


def _key_from_pem(pem: bytes) -> SigningKey:
    private = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError("IYS_JWT_PRIVATE_KEYS must hold Ed25519 keys")
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return SigningKey(kid=_thumbprint(raw), private=private)


def _pem_blocks(text: str) -> list[bytes]:
    marker = "-----END PRIVATE KEY-----"
    return [(part + marker).strip().encode() for part in text.split(marker) if part.strip()]


def load_keys(settings: Settings) -> list[SigningKey]:
    """Keys from settings (newest first), else one generated once into the data folder."""
    if settings.jwt_private_keys.strip():
        return [_key_from_pem(block) for block in _pem_blocks(settings.jwt_private_keys)]
    path = settings.data_dir / "jwt-signing-key.pem"
    if not path.exists():
        _write_new_key(path)
    return [_key_from_pem(path.read_bytes())]


def _write_new_key(path: Path) -> None:
    """Write a complete key file under ``path`` unless one appears first.

    Several server processes may start at once on one data folder: the file is written aside
    and linked into place, so a reader never sees half a key and every process ends up reading
    the one key that won, whatever it generated itself.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    aside = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    aside.touch(mode=0o600)
    try:
        aside.write_bytes(pem)
        with contextlib.suppress(FileExistsError):  # another process's key won
            os.link(aside, path)
    finally:
        aside.unlink()


class TokenService:
    """Issues and verifies access tokens with one fixed algorithm and a small leeway."""

    def __init__(self, settings: Settings, keys: list[SigningKey]) -> None:
        if not keys:
            raise ValueError("at least one signing key is needed")
        self._settings = settings
        self._keys = keys
        self._by_kid = {key.kid: key for key in keys}

    def issue(self, claims: AccessClaims, now: datetime) -> str:
        key = self._keys[0]
        payload: dict[str, Any] = {
            "iss": self._settings.jwt_issuer,
            "aud": self._settings.jwt_audience,
            "sub": str(claims.user_id),
            "tenant": str(claims.tenant_id),
            "sid": claims.session_id,
            "sv": claims.session_version,
            "iat": now,
            "nbf": now,
            "exp": now + timedelta(seconds=self._settings.access_token_seconds),
            "jti": secrets.token_hex(16),
        }
        return jwt.encode(payload, key.private, algorithm=ALGORITHM, headers={"kid": key.kid})

    def verify(self, token: str, now: datetime) -> AccessClaims:
        if len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken("token too long")
        key = self._key_for(token)
        try:
            payload = jwt.decode(
                token,
                key.public,
                algorithms=[ALGORITHM],
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=self._settings.jwt_leeway_seconds,
                options={"require": REQUIRED_CLAIMS, "verify_exp": False, "verify_nbf": False},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(type(exc).__name__) from exc
        self._check_times(payload, now)
        return _claims_from(payload)

    def _key_for(self, token: str) -> SigningKey:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("bad header") from exc
        kid = header.get("kid")
        key = self._by_kid.get(kid) if isinstance(kid, str) else None
        if key is None or header.get("alg") != ALGORITHM:
            raise InvalidToken("unknown key or algorithm")
        return key

    def _check_times(self, payload: dict[str, Any], now: datetime) -> None:
        """Time checks against the app's clock (so tests can freeze it), with the leeway."""
        leeway = self._settings.jwt_leeway_seconds
        stamp = now.timestamp()
        exp, nbf = payload.get("exp"), payload.get("nbf")
        if not isinstance(exp, int | float) or not isinstance(nbf, int | float):
            raise InvalidToken("bad times")
        if stamp > exp + leeway or stamp + leeway < nbf:
            raise InvalidToken("expired or not yet valid")

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": _b64(key.public_raw()),
                    "kid": key.kid,
                    "alg": ALGORITHM,
                    "use": "sig",
                }
                for key in self._keys
            ]
        }


def _claims_from(payload: dict[str, Any]) -> AccessClaims:
    try:
        sid = payload.get("sid")
        return AccessClaims(
            user_id=int(payload["sub"]),
            tenant_id=int(payload["tenant"]),
            session_id=int(sid) if sid is not None else None,
            session_version=int(payload.get("sv", 0)),
        )
    except (TypeError, ValueError) as exc:
        raise InvalidToken("bad claims") from exc


def new_opaque_token() -> str:
    """A refresh (or one-time) token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
