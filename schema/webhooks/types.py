"""Webhooks and their delivery log as the API shows them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.context import Context, Info
from schema.loaders import loader
from schema.nodes import register_node
from schema.providers.types import Brand, load_brand
from schema.relay import Node, to_global_id
from server.core.errors import NotFound
from tenants.webhooks import models, services

strawberry.enum(
    models.WebhookEvents,
    description="ALL: every movement of the brand; RECIPIENT: only those made by recipients.",
)
strawberry.enum(models.DeliveryStatus, description="Where a delivery stands.")
WebhookEvents = models.WebhookEvents
DeliveryStatus = models.DeliveryStatus


@strawberry.type(description="One signed POST of a batch of movements.")
class WebhookDelivery:
    status: DeliveryStatus = strawberry.field(description="PENDING until it succeeds or fails.")
    movements: int = strawberry.field(description="How many movements the batch holds.")
    attempts: int = strawberry.field(description="Tries so far.")
    response_status: int | None = strawberry.field(description="The last HTTP status received.")
    error: str | None = strawberry.field(
        description=(
            "Why the last try failed, as a code: TIMEOUT, TLS_ERROR (certificate or handshake),"
            " CONNECTION_REFUSED, CONNECTION_FAILED, PROTOCOL_ERROR (not an HTTP answer),"
            " HTTP_STATUS (a non-2xx answer, in responseStatus), or the address check's"
            " WEBHOOK_PRIVATE_ADDRESS, WEBHOOK_UNREACHABLE or INVALID_WEBHOOK_URL."
        )
    )
    created_at: datetime = strawberry.field(description="When the batch was cut.")
    next_attempt_at: datetime = strawberry.field(description="When it is (or was) tried next.")
    delivered_at: datetime | None = strawberry.field(description="When it succeeded.")

    @classmethod
    def from_model(cls, row: models.WebhookDelivery) -> WebhookDelivery:
        return cls(
            status=DeliveryStatus(row.status),
            movements=row.movements,
            attempts=row.attempts,
            response_status=row.response_status,
            error=row.error,
            created_at=row.created_at,
            next_attempt_at=row.next_attempt_at,
            delivered_at=row.delivered_at,
        )


@strawberry.type(description="An HTTPS endpoint that receives a brand's consent movements.")
class Webhook(Node):
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    events: WebhookEvents = strawberry.field(description="Which movements it receives.")
    active: bool = strawberry.field(description="False when paused or disabled by failures.")
    disabled_reason: str | None = strawberry.field(description="Why it was disabled, if it was.")
    failures_in_a_row: int = strawberry.field(description="Failed attempts since the last success.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    pk: strawberry.Private[int]
    brand_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.Webhook) -> Webhook:
        return cls(
            id=strawberry.ID(to_global_id("Webhook", row.id)),
            url=row.url,
            events=WebhookEvents(row.events),
            active=row.active,
            disabled_reason=row.disabled_reason,
            failures_in_a_row=row.failures_in_a_row,
            created_at=row.created_at,
            pk=row.id,
            brand_pk=row.brand_id,
        )

    @strawberry.field(description="The brand whose movements it receives.")
    async def brand(self, info: Info) -> Brand:
        brand = await load_brand(info.context, self.brand_pk)
        assert brand is not None  # same tenant by construction
        return brand

    @strawberry.field(description="The 20 newest deliveries, newest first.")
    async def deliveries(self, info: Info) -> list[WebhookDelivery]:
        rows = await loader(info.context, "webhook-deliveries", services.recent_deliveries).load(
            self.pk
        )
        return [WebhookDelivery.from_model(r) for r in rows or []]


@strawberry.type(description="A new webhook and its signing secret, shown this once.")
class CreatedWebhook:
    webhook: Webhook = strawberry.field(description="The webhook.")
    secret: str = strawberry.field(
        description="Verify X-IzinHub-Signature with it: HMAC-SHA256 of `<timestamp>.<body>`. "
        "It is never shown again."
    )


@strawberry.type(description="The webhook is gone.")
class DeletedWebhook:
    id: strawberry.ID = strawberry.field(description="The deleted webhook's id.")


async def load_webhook(context: Context, pk: int) -> Webhook | None:
    principal = context.require_principal()
    if not principal.has_role("ADMIN"):
        return None
    try:
        return Webhook.from_model(
            await services.get_webhook(principal.tenant_id, pk, principal.scope)
        )
    except NotFound:
        return None


register_node("Webhook", load_webhook)
