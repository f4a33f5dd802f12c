"""Sign-up, sign-in, refresh-token rotation and sign-out."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

import strawberry

from schema.accounts.inputs import LoginInput, SignUpInput
from schema.accounts.types import AuthError, AuthPayload, AuthResult
from schema.context import Info
from server.core.errors import AuthFailed, ValidationFailed
from tenants.accounts import services

REFRESH_TOKEN = strawberry.argument(description="The refreshToken of an earlier AuthPayload.")


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="Creates a tenant and its first user, who becomes OWNER, and signs that "
        "user in."
    )
    async def sign_up(
        self,
        info: Info,
        input: Annotated[SignUpInput, strawberry.argument(description="Tenant and owner.")],
    ) -> AuthResult:
        context = info.context
        pending = services.sign_up(context.runtime, input.to_account(), context.meta)
        return await auth_result(info, pending)

    @strawberry.mutation(
        description="Signs a user in. Every failure is INVALID_CREDENTIALS, whatever was wrong; "
        "too many attempts give TOO_MANY_ATTEMPTS."
    )
    async def login(
        self,
        info: Info,
        input: Annotated[
            LoginInput, strawberry.argument(description="Tenant slug, e-mail and password.")
        ],
    ) -> AuthResult:
        context = info.context
        pending = services.login(context.runtime, input.to_credentials(), context.client_ip)
        return await auth_result(info, pending)

    @strawberry.mutation(
        description="Rotates the refresh token: the old one stops working at once."
    )
    async def refresh_session(
        self, info: Info, refresh_token: Annotated[str, REFRESH_TOKEN]
    ) -> AuthResult:
        runtime = info.context.runtime
        return await auth_result(info, services.refresh_session(runtime, refresh_token))

    @strawberry.mutation(
        description="Ends the session of the refresh token, and with it its access tokens. "
        "Answers true for unknown tokens too."
    )
    async def logout(self, refresh_token: Annotated[str, REFRESH_TOKEN]) -> bool:
        await services.logout(refresh_token)
        return True


async def auth_result(info: Info, pending: Awaitable[services.SignedIn]) -> AuthPayload | AuthError:
    """Expected failures of this domain become AuthError values; anything else stays an error."""
    try:
        signed_in = await pending
    except (AuthFailed, ValidationFailed) as exc:
        return AuthError.from_exception(exc, info.context.lang)
    return AuthPayload.from_signed_in(signed_in)
