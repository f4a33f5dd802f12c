"""The schema: every domain's Query and Mutation composed into one, with the limits and handlers."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from server.core.settings import Settings, get_settings
from schema.accounts.mutations import AccountMutation
from schema.accounts.queries import AccountQuery
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

Query = merge_types(
    "Query", (NodeQuery, AccountQuery, ProviderQuery, ConsentQuery, ImportQuery)
)
Mutation = merge_types(
    "Mutation", (AccountMutation, ProviderMutation, ConsentMutation, ImportMutation)
)


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=schema_extensions(settings),
        exception_handlers=(*EXCEPTION_HANDLERS, RuleViolationHandler()),
        scalar_overrides=SCALAR_OVERRIDES,
    )


schema = build_schema(get_settings())
