"""Sign-up, sign-in, refresh-token rotation, sign-out, and who an access token stands for.

Refresh tokens are opaque and stored only as their SHA-256. Each belongs to an ``AuthSession``;
rotating marks the presented token used and adds a new one to the same session. Presenting a
used token again means it was copied, so the whole session is revoked, newest token included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.errors import AuthFailed, Conflict, ValidationFailed
from server.core.principal import Principal, RequestMeta, Scope
from server.core.runtime import Runtime
from server.core.security.tokens import AccessClaims, hash_opaque_token, new_opaque_token
from server.core.tenancy import as_tenant, cross_tenant
from tenants.accounts import throttling
from tenants.accounts.models import AuthSession, RefreshToken, Role, User
from tenants.accounts.snapshots import tenant_snapshot, user_snapshot
from tenants.accounts.validation import (
    MAX_EMAIL_LENGTH,
    check_password,
    clean_email,
    clean_name,
    clean_slug,
    password_too_long,
)
from tenants.audit import services as audit
from tenants.core.access import scoped
from tenants.core.models import Tenant
from tenants.core.services import create_tenant

# new_opaque_token() makes 43 characters; anything much longer is not one of ours.
MAX_REFRESH_TOKEN_LENGTH = 128
MAX_SLUG_LENGTH = 63


@dataclass(frozen=True, slots=True)
class NewAccount:
    tenant_name: str
    tenant_slug: str | None
    email: str
    password: str
    full_name: str


@dataclass(frozen=True, slots=True)
class Credentials:
    tenant_slug: str
    email: str
    password: str


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A fresh token pair and the user it belongs to."""

    user: User
    access_token: str
    refresh_token: str
    expires_in: int


# Sign-up


async def sign_up(
    runtime: Runtime, account: NewAccount, meta: RequestMeta | None = None
) -> SignedIn:
    """Create a tenant and its OWNER, and sign the owner in; limited per client address."""
    meta = meta or RequestMeta()
    await throttling.admit_anonymous(runtime, "signup", meta.client_ip)
    tenant_name = clean_name(account.tenant_name, "tenantName")
    slug = clean_slug(account.tenant_slug, tenant_name)
    email = clean_email(account.email)
    full_name = clean_name(account.full_name, "fullName")
    check_password(account.password, email, slug)
    with cross_tenant():  # slugs are unique across tenants
        taken = await Tenant.filter(slug=slug).exists()
    if taken:
        raise Conflict("SLUG_TAKEN", field="tenantSlug")
    password_hash = await runtime.passwords.hash(account.password)
    user = await _create_tenant_and_owner(tenant_name, slug, email, full_name, password_hash, meta)
    with as_tenant(user.tenant_id):
        return await start_session(runtime, user)


async def _create_tenant_and_owner(
    tenant_name: str, slug: str, email: str, full_name: str, password_hash: str, meta: RequestMeta
) -> User:
    try:
        async with in_transaction():
            tenant = await create_tenant(name=tenant_name, slug=slug)
            return await _create_owner(tenant, email, full_name, password_hash, meta)
    except IntegrityError:
        # Another sign-up took the slug between our check and our insert.
        raise Conflict("SLUG_TAKEN", field="tenantSlug") from None


async def _create_owner(
    tenant: Tenant, email: str, full_name: str, password_hash: str, meta: RequestMeta
) -> User:
    with as_tenant(tenant.id):
        user = await User.create(
            tenant_id=tenant.id,
            email=email,
            full_name=full_name,
            password_hash=password_hash,
            role=Role.OWNER,
        )
        actor = Principal(tenant.id, user.id, Role.OWNER.value, meta=meta)
        await audit.record(
            actor, "tenant.create", "Tenant", tenant.id, None, tenant_snapshot(tenant)
        )
        await audit.record(actor, "user.create", "User", user.id, None, user_snapshot(user))
        return user


# Sign-in


async def login(runtime: Runtime, credentials: Credentials, client_ip: str) -> SignedIn:
    """Sign in; every failure is the same INVALID_CREDENTIALS and costs one password check."""
    attempt = throttling.LoginAttempt(
        credentials.tenant_slug.strip().lower(), _login_email(credentials.email), client_ip
    )
    await throttling.admit(runtime, attempt)
    if _oversized(attempt, credentials.password):
        raise AuthFailed()
    user = await _find_login_user(attempt.tenant_slug, attempt.email)
    stored_hash = user.password_hash if user is not None else None
    matches = await runtime.passwords.verify(stored_hash, credentials.password)
    if user is None or not matches or not user.active:
        raise AuthFailed()
    await throttling.forgive(runtime, attempt)
    with as_tenant(user.tenant_id):
        await _upgrade_hash(runtime, user, credentials.password)
        return await start_session(runtime, user)


def _login_email(email: str) -> str:
    """Normalised like at sign-up, so the same address always finds the same user."""
    try:
        return clean_email(email)
    except ValidationFailed:
        return email.strip().lower()  # matches nobody, but still counts against the limit


def _oversized(attempt: throttling.LoginAttempt, password: str) -> bool:
    """Longer than any real credential: refused before the database and the slow hash."""
    return (
        len(attempt.tenant_slug) > MAX_SLUG_LENGTH
        or len(attempt.email) > MAX_EMAIL_LENGTH
        or password_too_long(password)
    )


async def _find_login_user(tenant_slug: str, email: str) -> User | None:
    """One query whether or not the tenant exists, so a missing tenant is not faster."""
    with cross_tenant():  # the slug is what names the tenant
        return await User.filter(tenant__slug=tenant_slug, email=email).first()


async def _upgrade_hash(runtime: Runtime, user: User, password: str) -> None:
    """Re-hash with the current argon2 parameters when the stored hash uses older ones."""
    if not runtime.passwords.needs_rehash(user.password_hash):
        return
    user.password_hash = await runtime.passwords.hash(password)
    await scoped(User, user.tenant_id).filter(id=user.id).update(password_hash=user.password_hash)


# Sessions and refresh tokens


async def refresh_session(runtime: Runtime, refresh_token: str) -> SignedIn:
    """Rotate ``refresh_token``: it stops working and a new pair of the same session is issued."""
    now = clock.now()
    token = await find_refresh_token(refresh_token)
    if token is None or not _session_alive(token.session, now):
        raise AuthFailed("INVALID_TOKEN")
    with as_tenant(token.tenant_id):
        return await _rotate(runtime, token, now)


async def _rotate(runtime: Runtime, token: RefreshToken, now: datetime) -> SignedIn:
    if token.used_at is not None or not await _mark_used(token, now):
        # Reuse of a rotated token (or losing a race for it): whoever holds a copy is cut off.
        await _revoke_session(token.session, now)
        raise AuthFailed("INVALID_TOKEN")
    user = await scoped(User, token.tenant_id).get_or_none(id=token.session.user_id)
    if user is None or not user.active:
        await _revoke_session(token.session, now)
        raise AuthFailed("INVALID_TOKEN")
    return await _continue_session(runtime, user, token.session, now)


async def logout(refresh_token: str) -> None:
    """Revoke the session of ``refresh_token``; unknown tokens are ignored (no oracle)."""
    token = await find_refresh_token(refresh_token)
    if token is not None:
        with as_tenant(token.tenant_id):
            await _revoke_session(token.session, clock.now())


async def sign_out_everywhere(tenant_id: int, user_id: int) -> None:
    """End every session of a user: access tokens by version, refresh tokens by revocation."""
    async with in_transaction():
        users = scoped(User, tenant_id).filter(id=user_id)
        await users.update(session_version=F("session_version") + 1)
        sessions = scoped(AuthSession, tenant_id).filter(user_id=user_id, revoked_at=None)
        await sessions.update(revoked_at=clock.now())


async def find_refresh_token(refresh_token: str) -> RefreshToken | None:
    """The stored token with its session; the token itself is what names the tenant."""
    if not refresh_token or len(refresh_token) > MAX_REFRESH_TOKEN_LENGTH:
        return None
    token_hash = hash_opaque_token(refresh_token)
    with cross_tenant():  # the token is what names the tenant
        return await RefreshToken.filter(token_hash=token_hash).select_related("session").first()


def _session_alive(session: AuthSession, now: datetime) -> bool:
    return session.revoked_at is None and session.expires_at > now


async def _mark_used(token: RefreshToken, now: datetime) -> bool:
    """Claim the token; of two concurrent refreshes only one UPDATE finds it still unused."""
    unused = scoped(RefreshToken, token.tenant_id).filter(id=token.id, used_at=None)
    return await unused.update(used_at=now) == 1


async def _revoke_session(session: AuthSession, now: datetime) -> None:
    live = scoped(AuthSession, session.tenant_id).filter(id=session.id, revoked_at=None)
    await live.update(revoked_at=now)


async def start_session(runtime: Runtime, user: User) -> SignedIn:
    now = clock.now()
    session = await AuthSession.create(
        tenant_id=user.tenant_id, user_id=user.id, expires_at=_refresh_expiry(runtime, now)
    )
    return await _issue_pair(runtime, user, session, now)


async def _continue_session(
    runtime: Runtime, user: User, session: AuthSession, now: datetime
) -> SignedIn:
    """Each rotation keeps the session alive for another refresh-token lifetime."""
    await (
        scoped(AuthSession, session.tenant_id)
        .filter(id=session.id)
        .update(expires_at=_refresh_expiry(runtime, now))
    )
    return await _issue_pair(runtime, user, session, now)


async def _issue_pair(
    runtime: Runtime, user: User, session: AuthSession, now: datetime
) -> SignedIn:
    refresh_token = new_opaque_token()
    await RefreshToken.create(
        tenant_id=session.tenant_id,
        session_id=session.id,
        token_hash=hash_opaque_token(refresh_token),
    )
    claims = AccessClaims(user.id, user.tenant_id, session.id, user.session_version)
    access_token = runtime.tokens.issue(claims, now)
    return SignedIn(user, access_token, refresh_token, runtime.settings.access_token_seconds)


def _refresh_expiry(runtime: Runtime, now: datetime) -> datetime:
    return now + timedelta(seconds=runtime.settings.refresh_token_seconds)


# Access tokens


async def principal_for(claims: AccessClaims) -> Principal | None:
    """The caller behind verified ``claims``, or None when its user or session no longer allow it.

    One query: the live session joined with its user.
    """
    if claims.session_id is None:
        return None
    with as_tenant(claims.tenant_id):  # the signed token names its tenant
        session = await (
            scoped(AuthSession, claims.tenant_id)
            .filter(id=claims.session_id, user_id=claims.user_id, revoked_at=None)
            .filter(expires_at__gt=clock.now())
            .select_related("user", "tenant")
            .first()
        )
    if session is None or not _user_may_act(session.user, claims):
        return None
    user = session.user
    return Principal(
        session.tenant_id,
        session.user_id,
        user.role.value,
        session.id,
        scope=Scope.from_json(user.scope),
        language=session.tenant.language,
    )


def _user_may_act(user: User, claims: AccessClaims) -> bool:
    return user.active and user.session_version == claims.session_version


# Reading users and tenants


async def users_by_ids(tenant_id: int, ids: list[int]) -> dict[int, User]:
    rows = await scoped(User, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}


async def tenants_by_ids(tenant_ids: list[int]) -> dict[int, Tenant]:
    """Tenants by id, for showing the tenant of users the caller may already see."""
    rows = await Tenant.filter(id__in=tenant_ids)
    return {row.id: row for row in rows}
