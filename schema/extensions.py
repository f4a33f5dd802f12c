"""Schema extensions: error formatting per request language, and the document limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from schema.errors import format_error
from server.core.settings import Settings


class ErrorFormatter(SchemaExtension):
    """Keeps expected errors (with code and translated message) and masks everything else."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        context = self.execution_context.context
        lang = getattr(context, "lang", "tr")
        result.errors = [format_error(error, lang) for error in errors]


def schema_extensions(settings: Settings) -> list[Callable[[], Any] | type[SchemaExtension]]:
    """Fresh extension instances per request, as strawberry requires."""
    return [
        ErrorFormatter,
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
