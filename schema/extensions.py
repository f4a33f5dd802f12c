"""Schema extensions: error formatting per request language, and the document limits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from schema.errors import format_error
from server.core import metrics
from server.core.settings import Settings
from server.core.tenancy import as_tenant, no_tenant


class OperationMetrics(SchemaExtension):
    """Times queries and mutations and counts the errors of every response, by code.

    Listed first, so it wraps `ErrorFormatter` and sees the codes it gives. A subscription is
    not timed (its operation lasts as long as the client stays), its errors are counted.
    """

    def on_operation(self) -> Iterator[None]:
        self._streamed = False
        started = time.perf_counter()
        try:
            yield
        except GraphQLError as error:
            # ParserCache raises a syntax error through the hooks; strawberry then answers
            # with that one error, which no later hook sees.
            self._observe(started)
            metrics.count_graphql_error((format_error(error, "en").extensions or {}).get("code"))
            raise
        self._observe(started)
        if not self._streamed:  # a subscription's results were counted one by one
            self._count_errors(self.execution_context.result)

    def _observe(self, started: float) -> None:
        context = self.execution_context
        kind = _operation_type(context)
        if kind == "subscription":
            return
        name = context.operation_name
        signed_in = getattr(context.context, "principal", None) is not None
        names = metrics.operation_names if signed_in else metrics.anonymous_operation_names
        label = names(name) if name else metrics.ANONYMOUS
        seconds = time.perf_counter() - started
        metrics.graphql_operation_seconds.labels(kind, label).observe(seconds)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        self._streamed = True
        yield None  # counted after ErrorFormatter's hook gave the errors their codes
        self._count_errors(result)

    def _count_errors(self, result: Any) -> None:
        for error in getattr(result, "errors", None) or ():
            metrics.count_graphql_error((error.extensions or {}).get("code"))


def _operation_type(context: Any) -> str:
    """query, mutation or subscription; "unknown" for a document that did not parse or an
    operation name that is not in it."""
    try:
        return str(context.operation_type.value)
    except Exception:  # strawberry raises several kinds here, none of them worth more
        return "unknown"


class ErrorFormatter(SchemaExtension):
    """Keeps expected errors (with code and translated message) and masks everything else."""

    def on_operation(self) -> Iterator[None]:
        self._streamed = False
        try:
            yield
        except GraphQLError as error:
            # ParserCache raises a syntax error through the hooks and strawberry answers with
            # it as raised: it gets its code here, as every other error does.
            raise format_error(error, self._lang()) from None
        if not self._streamed:  # a subscription's results were formatted one by one
            self._format(self.execution_context.result)

    def _lang(self) -> str:
        return str(getattr(self.execution_context.context, "lang", "tr"))

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result a subscription pushes, before it reaches the client."""
        self._streamed = True
        self._format(result)
        yield None

    def _format(self, result: Any) -> None:
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        result.errors = [format_error(error, self._lang()) for error in errors]


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
    """Fresh extension instances per request, as strawberry requires.

    The depth and alias limits are validation rules built once: each limiter makes a new rule
    class when constructed, and ValidationCache keys on the rule classes, so limiters built per
    request made every request miss the cache and validate its document again.
    """
    limits = [
        *QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules,
    ]
    return [
        OperationMetrics,
        ErrorFormatter,
        TenantScope,
        RejectNulCharacters,
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
