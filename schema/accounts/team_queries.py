"""The team as administrators see it: users and API keys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.accounts.team_types import ApiKey
from schema.accounts.types import User
from schema.context import Info
from schema.permissions import CanAdminister
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from tenants.accounts import api_keys, team

FIRST = strawberry.argument(description="Page size: default 50, at most 500.")
AFTER = strawberry.argument(description="The endCursor of the previous page.")


@strawberry.type
class TeamQuery:
    @strawberry.field(
        description="The tenant's users, oldest first. Null, with FORBIDDEN, for a caller who "
        "does not administer the tenant (the document's other fields still resolve).",
        permission_classes=[CanAdminister],
    )
    async def users(
        self,
        info: Info,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[User] | None:
        principal, limit = info.context.require_principal(), page_size(first)
        rows = await team.list_users(principal, decode_cursor(after), limit)
        return build_connection(
            [User.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: team.count_users(principal),
        )

    @strawberry.field(
        description="One user of the tenant; null when there is none.",
        permission_classes=[CanAdminister],
    )
    async def user(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The user's global id.")],
    ) -> User | None:
        pk = pk_of(id, "User")
        rows = await team.users_by_ids(info.context.require_principal(), [pk] if pk else [])
        return User.from_model(rows[0]) if rows else None

    @strawberry.field(
        description="The tenant's API keys, oldest first, revoked ones included. Null, with "
        "FORBIDDEN, for a caller who does not administer the tenant.",
        permission_classes=[CanAdminister],
    )
    async def api_keys(
        self,
        info: Info,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[ApiKey] | None:
        principal, limit = info.context.require_principal(), page_size(first)
        rows = await api_keys.list_api_keys(principal, decode_cursor(after), limit)
        return build_connection(
            [ApiKey.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: api_keys.count_api_keys(principal),
        )
