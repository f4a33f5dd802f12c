"""The schema: every domain's Query and Mutation composed into one, with the limits and handlers."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations import AccountMutation
from schema.accounts.queries import AccountQuery
from schema.base import IzinHubSchema
from schema.consents.mutations import ConsentMutation, RuleViolationHandler
from schema.consents.queries import ConsentQuery
from schema.errors import EXCEPTION_HANDLERS
from schema.extensions import schema_extensions
from schema.imports.mutations import ImportMutation
from schema.imports.queries import ImportQuery
from schema.node import NodeQuery
from schema.providers.mutations import ProviderMutation
from schema.providers.queries import ProviderQuery
from schema.scalars import SCALAR_OVERRIDES
from server.core.settings import Settings, get_settings


@strawberry.type(description="Everything a caller can read; lists are bounded connections.")
class Query(NodeQuery, AccountQuery, ProviderQuery, ConsentQuery, ImportQuery):
    pass


@strawberry.type(description="Every change; expected failures come back as Error values.")
class Mutation(AccountMutation, ProviderMutation, ConsentMutation, ImportMutation):
    pass


def build_schema(settings: Settings) -> IzinHubSchema:
    return IzinHubSchema(
        query=Query,
        mutation=Mutation,
        extensions=schema_extensions(settings),
        exception_handlers=(*EXCEPTION_HANDLERS, RuleViolationHandler()),
        scalar_overrides=SCALAR_OVERRIDES,
    )


schema = build_schema(get_settings())
