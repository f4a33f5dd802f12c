"""Schema extensions: error formatting per request language, and the document limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
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
from server.core.tenancy import as_tenant, no_tenant


class ErrorFormatter(SchemaExtension):
    """Keeps expected errors (with code and translated message) and masks everything else."""

    def on_operation(self) -> Iterator[None]:
        self._streamed = False
        yield
        if not self._streamed:  # a subscription's results were formatted one by one
            self._format(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result a subscription pushes, before it reaches the client."""
        self._streamed = True
        self._format(result)
        yield None

    def _format(self, result: Any) -> None:
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        lang = getattr(self.execution_context.context, "lang", "tr")
        result.errors = [format_error(error, lang) for error in errors]


class TenantScope(SchemaExtension):
    """The operation's database work is done as the caller's tenant (row-level security on
    PostgreSQL); an anonymous operation sees no tenant's rows unless a service finds its tenant
    itself (sign-in by tenant slug, a token's tenant)."""

    def on_execute(self) -> Iterator[None]:
        principal = getattr(self.execution_context.context, "principal", None)
        with as_tenant(principal.tenant_id) if principal is not None else no_tenant():
            yield


class RejectNulCharacters(SchemaExtension):
    """A NUL character in any input is refused before execution.

    No field of ours wants one, PostgreSQL cannot store one in text, and file readers already
    refuse them; without this a NUL would reach the database and fail there.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if (
            _has_nul(context.variables)
            or "\\u0000" in (context.query or "")
            or "\x00" in (context.query or "")
        ):
            context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "Inputs may not contain the NUL character.",
                        extensions={"code": "INVALID_CHARACTER"},
                    )
                ],
            )
        yield


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def schema_extensions(settings: Settings) -> list[Callable[[], Any] | type[SchemaExtension]]:
    """Fresh extension instances per request, as strawberry requires."""
    return [
        ErrorFormatter,
        TenantScope,
        RejectNulCharacters,
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
