"""Registering, pausing and deleting webhooks."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import NotFoundError, ValidationError
from schema.permissions import CanAdminister
from schema.relay import pk_of
from schema.webhooks.types import CreatedWebhook, DeletedWebhook, Webhook, WebhookEvents
from server.core.clock import clock
from tenants.notifications.settings import NotificationSettings
from tenants.webhooks import services

WEBHOOK_ID = strawberry.argument(description="The webhook's global id.")
CreateWebhookResult = Annotated[
    CreatedWebhook | ValidationError | NotFoundError,
    strawberry.union("CreateWebhookResult", description="The webhook and its secret, or why not."),
]
WebhookResult = Annotated[
    Webhook | NotFoundError,
    strawberry.union("WebhookResult", description="The webhook, or no such webhook."),
]
DeleteWebhookResult = Annotated[
    DeletedWebhook | NotFoundError,
    strawberry.union("DeleteWebhookResult", description="Deleted, or no such webhook."),
]


@strawberry.input(description="A new webhook for one brand.")
class CreateWebhookInput:
    brand_id: strawberry.ID = strawberry.field(description="The brand's global id.")
    url: str = strawberry.field(description="An https:// URL on a public address.")
    events: WebhookEvents = strawberry.field(
        default=WebhookEvents.ALL, description="ALL (default) or RECIPIENT-made movements only."
    )


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Registers an endpoint for a brand's movements from now on; the signing "
        "secret is in the answer and never shown again.",
        permission_classes=[CanAdminister],
    )
    async def create_webhook(
        self,
        info: Info,
        input: Annotated[CreateWebhookInput, strawberry.argument(description="The webhook.")],
    ) -> CreateWebhookResult:
        principal = info.context.require_principal()
        created = await services.create_webhook(
            principal.tenant_id,
            principal.scope,
            pk_of(input.brand_id, "Brand"),
            input.url,
            WebhookEvents(input.events),
            NotificationSettings().webhooks_development,
            clock.now(),
        )
        return CreatedWebhook(webhook=Webhook.from_model(created.webhook), secret=created.secret)

    @strawberry.mutation(
        description="Pauses (false) or resumes (true) a webhook; resuming forgives past "
        "failures and continues where deliveries stopped.",
        permission_classes=[CanAdminister],
    )
    async def set_webhook_active(
        self,
        info: Info,
        id: Annotated[strawberry.ID, WEBHOOK_ID],
        active: Annotated[bool, strawberry.argument(description="True to resume.")],
    ) -> WebhookResult:
        principal = info.context.require_principal()
        row = await services.set_active(
            principal.tenant_id, principal.scope, pk_of(id, "Webhook"), active
        )
        return Webhook.from_model(row)

    @strawberry.mutation(
        description="Deletes a webhook and its delivery log.", permission_classes=[CanAdminister]
    )
    async def delete_webhook(
        self, info: Info, id: Annotated[strawberry.ID, WEBHOOK_ID]
    ) -> DeleteWebhookResult:
        principal = info.context.require_principal()
        await services.delete_webhook(principal.tenant_id, principal.scope, pk_of(id, "Webhook"))
        return DeletedWebhook(id=id)
