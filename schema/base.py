"""Our Schema: logs only the errors that are ours to fix."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry import Schema
from strawberry.types import ExecutionContext

from schema.errors import is_expected, log


class IzinHubSchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if not is_expected(error):
                log.error("unexpected error at %s", error.path, exc_info=error.original_error)
