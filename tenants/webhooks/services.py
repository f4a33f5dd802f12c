"""Webhooks of one tenant: register (the secret is shown once), list, pause, resume, delete."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from server.core.errors import NotFound, ValidationFailed
from server.core.principal import FULL, Scope
from tenants.consents.models import ConsentMovement
from tenants.core.access import scoped
from tenants.providers.services import get_brand
from tenants.webhooks import errors as _errors  # noqa: F401  (registers the messages)
from tenants.webhooks.models import Webhook, WebhookDelivery, WebhookEvents
from tenants.webhooks.targets import check_target

MAX_WEBHOOKS_PER_BRAND = 5


@dataclass(frozen=True, slots=True)
class CreatedWebhook:
    webhook: Webhook
    secret: str


async def create_webhook(
    tenant_id: int,
    scope: Scope,
    brand_pk: int | None,
    url: str,
    events: WebhookEvents,
    development: bool,
    now: datetime,
) -> CreatedWebhook:
    """Register an endpoint; it receives movements recorded from now on."""
    brand = await get_brand(tenant_id, brand_pk, scope)
    target = await check_target(url, development)
    if await scoped(Webhook, tenant_id).filter(brand_id=brand.id).count() >= MAX_WEBHOOKS_PER_BRAND:
        raise ValidationFailed("TOO_MANY_WEBHOOKS", field="brandId", max=MAX_WEBHOOKS_PER_BRAND)
    secret = f"whsec_{secrets.token_urlsafe(32)}"
    webhook = await Webhook.create(
        tenant_id=tenant_id,
        brand_id=brand.id,
        url=target,
        secret=secret,
        events=events.value,
        last_movement_id=await _last_movement(tenant_id, brand.id),
        created_at=now,
    )
    return CreatedWebhook(webhook, secret)


async def _last_movement(tenant_id: int, brand_id: int) -> int:
    latest = (
        await scoped(ConsentMovement, tenant_id).filter(brand_id=brand_id).order_by("-id").first()
    )
    return latest.id if latest is not None else 0


def _visible(tenant_id: int, scope: Scope) -> QuerySet[Webhook]:
    query = scoped(Webhook, tenant_id)
    if scope.brand_ids is not None:
        query = query.filter(brand_id__in=sorted(scope.brand_ids))
    return query


async def get_webhook(tenant_id: int, pk: int | None, scope: Scope = FULL) -> Webhook:
    row = await _visible(tenant_id, scope).get_or_none(id=pk) if pk is not None else None
    if row is None:
        raise NotFound()
    return row


async def list_webhooks(
    tenant_id: int, scope: Scope, brand_pk: int | None, after: int | None, limit: int
) -> list[Webhook]:
    query = _visible(tenant_id, scope)
    if brand_pk is not None:
        query = query.filter(brand_id=brand_pk)
    if after is not None:
        query = query.filter(id__gt=after)
    return await query.order_by("id").limit(limit + 1)


async def count_webhooks(tenant_id: int, scope: Scope, brand_pk: int | None) -> int:
    query = _visible(tenant_id, scope)
    return await (query.filter(brand_id=brand_pk) if brand_pk is not None else query).count()


async def set_active(tenant_id: int, scope: Scope, pk: int | None, active: bool) -> Webhook:
    """Pause or resume; resuming forgives the failures that disabled it."""
    webhook = await get_webhook(tenant_id, pk, scope)
    changes: dict[str, object] = {"active": active}
    if active:
        changes |= {"failures_in_a_row": 0, "disabled_reason": None}
    await scoped(Webhook, tenant_id).filter(id=webhook.id).update(**changes)
    webhook.update_from_dict(changes)
    return webhook


async def delete_webhook(tenant_id: int, scope: Scope, pk: int | None) -> None:
    webhook = await get_webhook(tenant_id, pk, scope)
    await scoped(Webhook, tenant_id).filter(id=webhook.id).delete()


async def recent_deliveries(
    tenant_id: int, webhook_ids: list[int], limit: int = 20
) -> dict[int, list[WebhookDelivery]]:
    """The newest deliveries of each webhook (the delivery log)."""
    grouped: dict[int, list[WebhookDelivery]] = {pk: [] for pk in webhook_ids}
    for pk in webhook_ids:
        grouped[pk] = (
            await scoped(WebhookDelivery, tenant_id)
            .filter(webhook_id=pk)
            .order_by("-id")
            .limit(limit)
        )
    return grouped
