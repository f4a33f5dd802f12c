"""Forgotten passwords: a one-time reset link by e-mail, and setting a new password with it.

The request answers the same whether or not the account exists; only an existing, active
user gets a message. A reset token works once, for a short time, and ends every session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from server.core.clock import clock
from server.core.errors import AuthFailed
from server.core.mail import Message
from server.core.principal import Principal, RequestMeta
from server.core.runtime import Runtime
from server.core.security.tokens import hash_opaque_token, new_opaque_token
from server.core.tenancy import as_tenant, cross_tenant
from tenants.accounts import throttling
from tenants.accounts.models import PasswordReset, User
from tenants.accounts.services import MAX_REFRESH_TOKEN_LENGTH, SignedIn, start_session
from tenants.accounts.team import set_password
from tenants.accounts.validation import check_password
from tenants.core.access import get_scoped, scoped

RESET_LINK = "/reset-password#token={token}"


@dataclass(frozen=True, slots=True)
class ResetRequest:
    tenant_slug: str
    email: str


async def request_password_reset(runtime: Runtime, data: ResetRequest, meta: RequestMeta) -> None:
    """Mail a reset link to the user, if there is one; the caller learns nothing either way."""
    await throttling.admit_anonymous(runtime, "reset", meta.client_ip)
    slug, email = data.tenant_slug.strip().lower()[:63], data.email.strip().lower()[:254]
    with cross_tenant():  # the slug is what names the tenant
        user = await User.filter(tenant__slug=slug, email=email, active=True).first()
    if user is None:
        return
    token = new_opaque_token()
    with as_tenant(user.tenant_id):
        await PasswordReset.create(
            tenant_id=user.tenant_id,
            user_id=user.id,
            token_hash=hash_opaque_token(token),
            expires_at=clock.now() + timedelta(minutes=runtime.settings.password_reset_minutes),
        )
    await runtime.mailer.send(_reset_message(user.email, token))


def _reset_message(to: str, token: str) -> Message:
    link = RESET_LINK.format(token=token)
    return Message(
        to=to,
        subject="İzinHub şifre sıfırlama / password reset",
        body=f"Şifrenizi sıfırlamak için / to reset your password: {link}",
    )


async def reset_password(
    runtime: Runtime, token: str, password: str, meta: RequestMeta
) -> SignedIn:
    """Set a new password with a reset token; a bad token is one INVALID_RESET_TOKEN."""
    await throttling.admit_anonymous(runtime, "reset", meta.client_ip)
    reset = await _live_reset(token)
    with as_tenant(reset.tenant_id):
        return await _reset(runtime, reset, password, meta)


async def _reset(
    runtime: Runtime, reset: PasswordReset, password: str, meta: RequestMeta
) -> SignedIn:
    user = await get_scoped(User, reset.tenant_id, reset.user_id)
    slug = (await user.tenant).slug
    check_password(password, user.email, slug)
    unused = scoped(PasswordReset, reset.tenant_id).filter(id=reset.id, used_at=None)
    if await unused.update(used_at=clock.now()) != 1:
        raise AuthFailed("INVALID_RESET_TOKEN")  # used concurrently
    actor = Principal(user.tenant_id, user.id, user.role.value, meta=meta)
    await set_password(runtime, actor, user, password, "user.reset_password")
    return await start_session(runtime, await get_scoped(User, user.tenant_id, user.id))


async def _live_reset(token: str) -> PasswordReset:
    found = None
    if token and len(token) <= MAX_REFRESH_TOKEN_LENGTH:
        with cross_tenant():  # the token is what names the tenant
            found = await PasswordReset.filter(token_hash=hash_opaque_token(token)).first()
    if found is None or found.used_at is not None or found.expires_at <= clock.now():
        raise AuthFailed("INVALID_RESET_TOKEN")
    with as_tenant(found.tenant_id):
        user = scoped(User, found.tenant_id).filter(id=found.user_id, active=True)
        user_active = await user.exists()
    if not user_active:
        raise AuthFailed("INVALID_RESET_TOKEN")
    return found
