"""API keys: machine credentials with a role and a scope, shown once and stored as a hash.

A key reads ``izh_`` followed by 43 URL-safe characters; the prefix lets the GraphQL view tell
a key from a JWT without trying both, and lets secret scanners recognise a leaked key.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.errors import PermissionDenied, ValidationFailed
from server.core.principal import Access, Principal, RoleRank, Scope
from server.core.security.tokens import hash_opaque_token
from server.core.tenancy import cross_tenant
from tenants.accounts.models import ApiKey, Role
from tenants.accounts.rights import (
    MAX_KEY_ROLE,
    build_scope,
    check_grant,
    may_manage,
    require_admin,
)
from tenants.accounts.snapshots import api_key_snapshot
from tenants.accounts.validation import clean_name
from tenants.audit import services as audit
from tenants.core.access import get_scoped, scoped

KEY_PREFIX = "izh_"
SHOWN_PREFIX_LENGTH = 12
MAX_KEY_LENGTH = 128


@dataclass(frozen=True, slots=True)
class NewApiKey:
    name: str
    role: str
    brand_ids: list[int | None] | None = None
    types: Mapping[str, Access] | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    key: ApiKey
    secret: str


def looks_like_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


async def create_api_key(principal: Principal, data: NewApiKey) -> CreatedApiKey:
    """A new key; the secret is returned here once and never again."""
    check_grant(principal, data.role)
    if RoleRank[data.role] > MAX_KEY_ROLE:
        raise ValidationFailed("ROLE_NOT_ALLOWED", field="role")
    name = clean_name(data.name, "name")
    if data.expires_at is not None and data.expires_at <= clock.now():
        raise ValidationFailed("EXPIRES_IN_PAST", field="expiresAt")
    scope = await build_scope(principal.tenant_id, data.brand_ids, data.types)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    async with in_transaction():
        key = await ApiKey.create(
            tenant_id=principal.tenant_id,
            name=name,
            role=Role(data.role),
            scope=scope.to_json(),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            secret_hash=hash_opaque_token(secret),
            created_by_id=principal.user_id,
            expires_at=data.expires_at,
        )
        await audit.record(
            principal, "api_key.create", "ApiKey", key.id, None, api_key_snapshot(key)
        )
    return CreatedApiKey(key, secret)


async def revoke_api_key(principal: Principal, pk: int | None) -> ApiKey:
    """Stop a key at once; revoking a revoked key changes nothing and is not audited again."""
    require_admin(principal)
    key = await get_scoped(ApiKey, principal.tenant_id, pk)
    if not may_manage(principal, key.role.value):
        raise PermissionDenied()
    if key.revoked_at is not None:
        return key
    before = api_key_snapshot(key)
    key.revoked_at = clock.now()
    async with in_transaction():
        await scoped(ApiKey, key.tenant_id).filter(id=key.id).update(revoked_at=key.revoked_at)
        await audit.record(
            principal, "api_key.revoke", "ApiKey", key.id, before, api_key_snapshot(key)
        )
    return key


async def list_api_keys(principal: Principal, after: int | None, limit: int) -> list[ApiKey]:
    require_admin(principal)
    query = scoped(ApiKey, principal.tenant_id)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_api_keys(principal: Principal) -> int:
    require_admin(principal)
    return await scoped(ApiKey, principal.tenant_id).count()


async def api_keys_by_ids(tenant_id: int, ids: list[int]) -> dict[int, ApiKey]:
    rows = await scoped(ApiKey, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}


async def principal_for_key(secret: str) -> Principal | None:
    """The key's principal, or None for an unknown, revoked or expired key (one answer)."""
    if not looks_like_key(secret) or len(secret) > MAX_KEY_LENGTH:
        return None
    with cross_tenant():  # the secret is what names the tenant
        key = (
            await ApiKey.filter(secret_hash=hash_opaque_token(secret))
            .select_related("tenant")
            .first()
        )
    if key is None or key.revoked_at is not None:
        return None
    if key.expires_at is not None and key.expires_at <= clock.now():
        return None
    scope = Scope.from_json(key.scope)
    return Principal(
        key.tenant_id,
        None,
        key.role.value,
        api_key_id=key.id,
        scope=scope,
        language=key.tenant.language,
    )
