"""Hand-made JWTs for attacks the token service must refuse (shared with the API tests)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def claims_of(token: str) -> dict[str, Any]:
    payload: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return payload


def kid_of(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


def signed(payload: dict[str, Any], key: Ed25519PrivateKey, kid: str) -> str:
    return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": kid})


def unsigned(payload: dict[str, Any], kid: str) -> str:
    """alg "none" with an empty signature."""
    return _compact({"alg": "none", "typ": "JWT", "kid": kid}, payload, lambda _: b"")


def hs256(payload: dict[str, Any], secret: bytes, kid: str) -> str:
    """HMAC-signed with ``secret`` (for example the public key, the classic confusion attack)."""
    return _compact(
        {"alg": "HS256", "typ": "JWT", "kid": kid},
        payload,
        lambda data: hmac.new(secret, data, hashlib.sha256).digest(),
    )


def _compact(header: dict[str, Any], payload: dict[str, Any], sign: Any) -> str:
    head, body = _b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode())
    signing_input = f"{head}.{body}".encode()
    return f"{head}.{body}.{_b64(sign(signing_input))}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
