"""The ``auditEvents`` list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.audit.types import AuditEvent, AuditEventFilter, AuditFilterArgument
from schema.context import Info
from schema.permissions import CanAdminister
from schema.relay import Connection, build_connection, decode_cursor, from_global_id, page_size
from tenants.audit import services

# An id of the wrong kind matches nothing, like a missing one.
_NOTHING = -1


def _pk(global_id: strawberry.ID | None, type_name: str | None) -> int | None:
    if global_id is None:
        return None
    decoded = from_global_id(str(global_id))
    if decoded is None or (type_name is not None and decoded[0] != type_name):
        return _NOTHING
    return decoded[1]


def _filter(flt: AuditEventFilter | None) -> services.AuditFilter:
    if flt is None:
        return services.AuditFilter()
    entity_type = flt.entity_type
    if flt.entity_id is not None and entity_type is None:
        decoded = from_global_id(str(flt.entity_id))
        entity_type = decoded[0] if decoded else None
    return services.AuditFilter(
        action=flt.action,
        entity_type=entity_type,
        entity_id=_pk(flt.entity_id, entity_type),
        actor_user_id=_pk(flt.actor_user_id, "User"),
        actor_key_id=_pk(flt.actor_api_key_id, "ApiKey"),
        occurred_from=flt.occurred_from,
        occurred_to=flt.occurred_to,
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The tenant's audit trail, newest first: every change of users, keys, "
        "providers, brands, consents, imports and settings. Null, with FORBIDDEN, for a caller "
        "who does not administer the tenant (the document's other fields still resolve).",
        permission_classes=[CanAdminister],
    )
    async def audit_events(
        self,
        info: Info,
        filter: AuditFilterArgument = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, ≤ 500.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue.")] = None,
    ) -> Connection[AuditEvent] | None:
        principal, limit, flt = info.context.require_principal(), page_size(first), _filter(filter)
        rows = await services.list_events(principal, flt, decode_cursor(after), limit)
        return build_connection(
            [AuditEvent.from_model(r) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: services.count_events(principal, flt),
        )
