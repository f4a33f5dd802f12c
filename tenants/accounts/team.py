"""The tenant's team: invitations, the user list, role and scope changes, password changes.

Every change is audited in the same transaction. Ending a user's sessions (deactivation, a role
or scope change, a new password) bumps their session version, so their access tokens are
refused at the next request, and revokes their refresh tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.errors import AuthFailed, Conflict, PermissionDenied, ValidationFailed
from server.core.principal import Access, Principal, RequestMeta
from server.core.runtime import Runtime
from server.core.security.tokens import hash_opaque_token, new_opaque_token
from server.core.tenancy import as_tenant, cross_tenant
from tenants.accounts import throttling
from tenants.accounts.models import Invitation, Role, User
from tenants.accounts.rights import build_scope, check_grant, may_manage, require_admin
from tenants.accounts.services import (
    MAX_REFRESH_TOKEN_LENGTH,
    SignedIn,
    sign_out_everywhere,
    start_session,
)
from tenants.accounts.snapshots import invitation_snapshot, user_snapshot
from tenants.accounts.validation import check_password, clean_email, clean_name
from tenants.audit import services as audit
from tenants.core.access import get_scoped, scoped
from tenants.core.models import Tenant


@dataclass(frozen=True, slots=True)
class NewInvitation:
    email: str
    role: str
    brand_ids: list[int | None] | None = None
    types: Mapping[str, Access] | None = None


@dataclass(frozen=True, slots=True)
class CreatedInvitation:
    invitation: Invitation
    token: str


@dataclass(frozen=True, slots=True)
class Acceptance:
    token: str
    password: str
    full_name: str


@dataclass(frozen=True, slots=True)
class ScopeChange:
    brand_ids: list[int | None] | None
    types: Mapping[str, Access] | None


@dataclass(frozen=True, slots=True)
class UserChanges:
    role: str | None = None
    active: bool | None = None
    scope: ScopeChange | None = None
    full_name: str | None = None


# Invitations


async def invite_user(
    principal: Principal, data: NewInvitation, valid_days: int = 7
) -> CreatedInvitation:
    """A one-time link for ``email`` to join with ``role`` and scope, valid ``valid_days``."""
    check_grant(principal, data.role)
    email = clean_email(data.email)
    if await scoped(User, principal.tenant_id).filter(email=email).exists():
        raise Conflict("EMAIL_TAKEN", field="email")
    scope = await build_scope(principal.tenant_id, data.brand_ids, data.types)
    token = new_opaque_token()
    async with in_transaction():
        invitation = await Invitation.create(
            tenant_id=principal.tenant_id,
            email=email,
            role=Role(data.role),
            scope=scope.to_json(),
            token_hash=hash_opaque_token(token),
            invited_by_id=principal.user_id,
            expires_at=clock.now() + timedelta(days=valid_days),
        )
        snapshot = invitation_snapshot(invitation)
        await audit.record(
            principal, "invitation.create", "Invitation", invitation.id, None, snapshot
        )
    return CreatedInvitation(invitation, token)


async def accept_invitation(runtime: Runtime, data: Acceptance, meta: RequestMeta) -> SignedIn:
    """Create the invited user and sign it in; a bad token is one INVALID_INVITATION."""
    await throttling.admit_anonymous(runtime, "invitation", meta.client_ip)
    invitation = await _live_invitation(data.token)
    with as_tenant(invitation.tenant_id):
        return await _accept(runtime, invitation, data, meta)


async def _accept(
    runtime: Runtime, invitation: Invitation, data: Acceptance, meta: RequestMeta
) -> SignedIn:
    tenant = await Tenant.get(id=invitation.tenant_id)
    full_name = clean_name(data.full_name, "fullName")
    check_password(data.password, invitation.email, tenant.slug)
    password_hash = await runtime.passwords.hash(data.password)
    user = await _join(invitation, full_name, password_hash, meta)
    return await start_session(runtime, user)


async def _live_invitation(token: str) -> Invitation:
    found = None
    if token and len(token) <= MAX_REFRESH_TOKEN_LENGTH:
        with cross_tenant():  # the token is what names the tenant
            found = await Invitation.get_or_none(token_hash=hash_opaque_token(token))
    if found is None or found.accepted_at is not None or found.expires_at <= clock.now():
        raise AuthFailed("INVALID_INVITATION")
    return found


async def _join(
    invitation: Invitation, full_name: str, password_hash: str, meta: RequestMeta
) -> User:
    tenant_id, now = invitation.tenant_id, clock.now()
    async with in_transaction():
        unused = scoped(Invitation, tenant_id).filter(id=invitation.id, accepted_at=None)
        if await unused.update(accepted_at=now) != 1:
            raise AuthFailed("INVALID_INVITATION")  # accepted concurrently
        if await scoped(User, tenant_id).filter(email=invitation.email).exists():
            raise AuthFailed("INVALID_INVITATION")
        user = await User.create(
            tenant_id=tenant_id,
            email=invitation.email,
            full_name=full_name,
            password_hash=password_hash,
            role=invitation.role,
            scope=invitation.scope,
        )
        await (
            scoped(Invitation, tenant_id).filter(id=invitation.id).update(accepted_user_id=user.id)
        )
        actor = Principal(tenant_id, user.id, user.role.value, meta=meta)
        await audit.record(actor, "user.join", "User", user.id, None, user_snapshot(user))
    return user


async def invitations_by_ids(tenant_id: int, ids: list[int]) -> dict[int, Invitation]:
    rows = await scoped(Invitation, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}


# Reading and changing users


async def list_users(principal: Principal, after: int | None, limit: int) -> list[User]:
    require_admin(principal)
    query = scoped(User, principal.tenant_id)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_users(principal: Principal) -> int:
    require_admin(principal)
    return await scoped(User, principal.tenant_id).count()


async def users_by_ids(principal: Principal, ids: list[int]) -> list[User]:
    require_admin(principal)
    return list(await scoped(User, principal.tenant_id).filter(id__in=ids).order_by("id"))


async def update_user(principal: Principal, pk: int | None, changes: UserChanges) -> User:
    """Change another user's role, scope, activity or name; never one's own rights."""
    require_admin(principal)
    user = await get_scoped(User, principal.tenant_id, pk)
    rights_change = changes.role is not None or changes.active is not None or changes.scope
    if rights_change and user.id == principal.user_id:
        raise ValidationFailed("CANNOT_CHANGE_SELF", field="id")
    if not may_manage(principal, user.role.value):
        raise PermissionDenied()
    if changes.role is not None:
        check_grant(principal, changes.role)
    scope = changes.scope
    new_scope = (
        await build_scope(principal.tenant_id, scope.brand_ids, scope.types) if scope else None
    )
    before = user_snapshot(user)
    _apply(user, changes, new_scope.to_json() if new_scope else None)
    async with in_transaction():
        await _lock_tenant(principal.tenant_id)
        await user.save()
        await _keep_an_owner(principal.tenant_id)
        await audit.record(principal, "user.update", "User", user.id, before, user_snapshot(user))
        if rights_change:
            await sign_out_everywhere(user.tenant_id, user.id)
    return await get_scoped(User, principal.tenant_id, user.id)


def _apply(user: User, changes: UserChanges, scope_json: object) -> None:
    if changes.role is not None:
        user.role = Role(changes.role)
    if changes.active is not None:
        user.active = changes.active
    if changes.scope is not None:
        user.scope = scope_json
    if changes.full_name is not None:
        user.full_name = clean_name(changes.full_name, "fullName")


async def _lock_tenant(tenant_id: int) -> None:
    """Serialise role changes of one tenant, so two owners cannot demote each other at once."""
    await Tenant.filter(id=tenant_id).select_for_update().first()


async def _keep_an_owner(tenant_id: int) -> None:
    owners = scoped(User, tenant_id).filter(role=Role.OWNER, active=True)
    if not await owners.exists():
        raise ValidationFailed("LAST_OWNER", field="role")


# Passwords


async def change_password(
    runtime: Runtime, principal: Principal, current: str, new: str
) -> SignedIn:
    """Check the current password, set the new one, end every session and start a new one."""
    if principal.user_id is None:
        raise PermissionDenied()
    user = await get_scoped(User, principal.tenant_id, principal.user_id)
    tenant = await Tenant.get(id=user.tenant_id)
    attempt = throttling.LoginAttempt(tenant.slug, user.email, principal.meta.client_ip)
    await throttling.admit(runtime, attempt)
    if not await runtime.passwords.verify(user.password_hash, current):
        raise AuthFailed()
    await throttling.forgive(runtime, attempt)
    check_password(new, user.email, tenant.slug)
    await set_password(runtime, principal, user, new, "user.change_password")
    return await start_session(runtime, await get_scoped(User, user.tenant_id, user.id))


async def set_password(
    runtime: Runtime, actor: Principal, user: User, password: str, action: str
) -> None:
    """Store a new hash, audit it (without the hash) and end every session of the user."""
    password_hash = await runtime.passwords.hash(password)
    async with in_transaction():
        await scoped(User, user.tenant_id).filter(id=user.id).update(password_hash=password_hash)
        await audit.record(actor, action, "User", user.id, None, None)
        await sign_out_everywhere(user.tenant_id, user.id)
