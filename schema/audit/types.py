"""AuditEvent as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from schema.accounts.team_types import ApiKey, load_api_key
from schema.accounts.types import User, load_user
from schema.context import Context, Info
from schema.loaders import loader
from schema.nodes import register_node
from schema.relay import Node, to_global_id
from tenants.audit import models, services


@strawberry.type(description="One change of tenant data: who, when, what, and from where.")
class AuditEvent(Node):
    at: datetime = strawberry.field(description="When the change was made.")
    action: str = strawberry.field(
        description="What was done, as entity.verb: user.update, consent.record, ..."
    )
    entity_type: str = strawberry.field(description="The changed object's type: User, Brand, ...")
    entity_id: strawberry.ID | None = strawberry.field(
        description="The changed object's global id."
    )
    before: JSON | None = strawberry.field(description="The object before; null when created.")
    after: JSON | None = strawberry.field(description="The object after; null when not kept.")
    client_address: str = strawberry.field(description="The caller's network address.")
    user_agent: str = strawberry.field(description="The caller's User-Agent header.")
    actor_user_pk: strawberry.Private[int | None]
    actor_key_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.AuditEvent) -> AuditEvent:
        return cls(
            id=strawberry.ID(to_global_id("AuditEvent", row.id)),
            at=row.at,
            action=row.action,
            entity_type=row.entity_type,
            entity_id=(
                strawberry.ID(to_global_id(row.entity_type, row.entity_id))
                if row.entity_id is not None
                else None
            ),
            before=row.before,
            after=row.after,
            client_address=row.client_ip,
            user_agent=row.user_agent,
            actor_user_pk=row.actor_user_id,
            actor_key_pk=row.actor_key_id,
        )

    @strawberry.field(description="The user who made the change, when a user made it.")
    async def actor_user(self, info: Info) -> User | None:
        pk = self.actor_user_pk
        return await load_user(info.context, pk) if pk is not None else None

    @strawberry.field(description="The API key that made the change, when a key made it.")
    async def actor_api_key(self, info: Info) -> ApiKey | None:
        pk = self.actor_key_pk
        return await load_api_key(info.context, pk) if pk is not None else None


@strawberry.input(description="Narrows the audit trail; every given field must match.")
class AuditEventFilter:
    action: str | None = strawberry.field(default=None, description="Exactly this action.")
    entity_type: str | None = strawberry.field(default=None, description="This object type.")
    entity_id: strawberry.ID | None = strawberry.field(
        default=None, description="This object (a global id)."
    )
    actor_user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Changes made by this user."
    )
    actor_api_key_id: strawberry.ID | None = strawberry.field(
        default=None, description="Changes made by this API key."
    )
    occurred_from: datetime | None = strawberry.field(default=None, description="At or after.")
    occurred_to: datetime | None = strawberry.field(default=None, description="At or before.")


AuditFilterArgument = Annotated[
    AuditEventFilter | None, strawberry.argument(description="Optional narrowing.")
]


def _administers(context: Context) -> bool:
    principal = context.principal
    return principal is not None and principal.has_role("ADMIN") and not principal.scope.limited


async def load_audit_event(context: Context, pk: int) -> AuditEvent | None:
    """Only administrators see the trail; anyone else gets what a missing id gives."""
    if not _administers(context):
        return None
    row = await loader(context, "audit_event", services.events_by_ids).load(pk)
    return AuditEvent.from_model(row) if row else None


register_node("AuditEvent", load_audit_event)
