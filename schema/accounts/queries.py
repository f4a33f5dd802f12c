"""The signed-in user."""

from __future__ import annotations

import strawberry

from schema.accounts.types import User, load_user
from schema.context import Info


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user; null for a caller who is not signed in.")
    async def me(self, info: Info) -> User | None:
        principal = info.context.principal
        if principal is None or principal.user_id is None:
            return None  # anonymous, or an API key, which is nobody
        return await load_user(info.context, principal.user_id)
