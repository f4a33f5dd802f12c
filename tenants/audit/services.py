"""Recording and reading audit events.

``record`` is called by every service that changes tenant data, inside the same transaction as
the change when there is one, so a change and its event are committed together. Nothing here
updates or deletes an event: the trail is append-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from server.core.clock import clock
from server.core.errors import PermissionDenied
from server.core.principal import Principal
from tenants.audit.models import AuditEvent
from tenants.core.access import scoped

MAX_USER_AGENT = 512
MAX_CLIENT_IP = 64


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    actor_user_id: int | None = None
    actor_key_id: int | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


async def record(
    actor: Principal,
    action: str,
    entity_type: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event for a change ``actor`` made (``before``/``after`` are JSON-ready)."""
    return await AuditEvent.create(
        tenant_id=actor.tenant_id,
        at=clock.now(),
        actor_user_id=actor.user_id,
        actor_key_id=actor.api_key_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        client_ip=actor.meta.client_ip[:MAX_CLIENT_IP],
        user_agent=actor.meta.user_agent[:MAX_USER_AGENT],
    )


def _filtered(tenant_id: int, flt: AuditFilter) -> QuerySet[AuditEvent]:
    query = scoped(AuditEvent, tenant_id)
    for column, value in (
        ("action", flt.action),
        ("entity_type", flt.entity_type),
        ("entity_id", flt.entity_id),
        ("actor_user_id", flt.actor_user_id),
        ("actor_key_id", flt.actor_key_id),
        ("at__gte", flt.occurred_from),
        ("at__lte", flt.occurred_to),
    ):
        if value is not None:
            query = query.filter(**{column: value})
    return query


def _require_reader(principal: Principal) -> None:
    """The trail is for OWNER and ADMIN with every brand: it shows every brand's changes."""
    if not principal.has_role("ADMIN") or principal.scope.limited:
        raise PermissionDenied()


async def list_events(
    principal: Principal, flt: AuditFilter, after: int | None, limit: int
) -> list[AuditEvent]:
    """Newest first; ``after`` is the id of the last event of the previous page."""
    _require_reader(principal)
    query = _filtered(principal.tenant_id, flt)
    if after is not None:
        query = query.filter(id__lt=after)
    return await query.order_by("-id").limit(limit + 1)


async def count_events(principal: Principal, flt: AuditFilter) -> int:
    _require_reader(principal)
    return await _filtered(principal.tenant_id, flt).count()


async def events_by_ids(tenant_id: int, ids: list[int]) -> dict[int, AuditEvent]:
    rows = await scoped(AuditEvent, tenant_id).filter(id__in=ids)
    return {row.id: row for row in rows}
