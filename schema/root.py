"""The schema: every domain's Query, Mutation and Subscription in one, with limits and handlers."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations import AccountMutation
from schema.accounts.queries import AccountQuery
from schema.accounts.team_mutations import TeamMutation
from schema.accounts.team_queries import TeamQuery
from schema.audit.queries import AuditQuery
from schema.base import IzinHubSchema
from schema.complaints.mutations import ComplaintMutation
from schema.complaints.queries import ComplaintQuery
from schema.consents.mutations import ConsentMutation, RuleViolationHandler
from schema.consents.queries import ConsentQuery
from schema.consents.stats import ConsentStatsQuery
from schema.errors import EXCEPTION_HANDLERS
from schema.extensions import schema_extensions
from schema.feed.queries import FeedQuery
from schema.feed.subscriptions import FeedSubscription
from schema.imports.mutations import ImportMutation
from schema.imports.queries import ImportQuery
from schema.node import NodeQuery
from schema.providers.mutations import ProviderMutation
from schema.providers.queries import ProviderQuery
from schema.recipients.mutations import RecipientMutation
from schema.recipients.queries import RecipientQuery
from schema.scalars import SCALAR_OVERRIDES
from schema.webhooks.mutations import WebhookMutation
from schema.webhooks.queries import WebhookQuery
from server.core.settings import Settings, get_settings


@strawberry.type(description="Everything a caller can read; lists are bounded connections.")
class Query(
    NodeQuery,
    AccountQuery,
    TeamQuery,
    ProviderQuery,
    ConsentQuery,
    ConsentStatsQuery,
    ImportQuery,
    FeedQuery,
    AuditQuery,
    RecipientQuery,
    ComplaintQuery,
    WebhookQuery,
):
    pass


@strawberry.type(description="Every change; expected failures come back as Error values.")
class Mutation(
    AccountMutation,
    TeamMutation,
    ProviderMutation,
    ConsentMutation,
    ImportMutation,
    RecipientMutation,
    ComplaintMutation,
    WebhookMutation,
):
    pass


@strawberry.type(description="Live updates over a WebSocket (graphql-transport-ws).")
class Subscription(FeedSubscription):
    pass


def build_schema(settings: Settings) -> IzinHubSchema:
    return IzinHubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=schema_extensions(settings),
        exception_handlers=(*EXCEPTION_HANDLERS, RuleViolationHandler()),
        scalar_overrides=SCALAR_OVERRIDES,
    )


schema = build_schema(get_settings())
