"""Expected failures as GraphQL values, and the one place exceptions become errors."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types.field import StrawberryField

from schema.context import Context
from server.core.errors import AppError, NotFound, ValidationFailed
from server.core.i18n import translate

log = logging.getLogger("izinhub.graphql")
_FILE_AS_VALUE = "<UploadFile instance>"  # how graphql-core's inspect() shows an upload


@strawberry.interface(description="An expected failure: a stable code and a human message.")
class Error:
    code: str = strawberry.field(description="Stable code; İYS's own code where İYS has one.")
    message: str = strawberry.field(
        description="What went wrong, in Turkish or (Accept-Language: en) English."
    )


@strawberry.type(description="An input was malformed or broke a rule.")
class ValidationError(Error):
    field: str | None = strawberry.field(description="The input field at fault, if one is.")


@strawberry.type(description="The object does not exist, or belongs to someone else.")
class NotFoundError(Error):
    pass


def _lang(info: strawberry.Info[Context, Any]) -> str:
    return info.context.lang


class NotFoundHandler(strawberry.ExceptionHandler[NotFound, NotFoundError]):
    def handle(
        self, exception: NotFound, *, field: StrawberryField, info: strawberry.Info
    ) -> NotFoundError:
        return NotFoundError(code=exception.code, message=exception.message(_lang(info)))


class ValidationHandler(strawberry.ExceptionHandler[ValidationFailed, ValidationError]):
    def handle(
        self, exception: ValidationFailed, *, field: StrawberryField, info: strawberry.Info
    ) -> ValidationError:
        return ValidationError(
            code=exception.code, message=exception.message(_lang(info)), field=exception.field
        )


EXCEPTION_HANDLERS = (NotFoundHandler(), ValidationHandler())


def format_error(error: GraphQLError, lang: str) -> GraphQLError:
    """Expected errors keep their code and translated message; anything else is masked."""
    original = _cause(error)
    if isinstance(original, AppError):
        extensions: dict[str, Any] = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        return _rebuilt(error, original.message(lang), extensions)
    if is_expected(error):  # parse, validation and permission errors carry no Python exception
        if original is not None and not isinstance(original, GraphQLError):
            # A variable a scalar refused with a Python exception: its text is not for clients.
            extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
            return _rebuilt(error, translate("INVALID_VALUE", lang), extensions)
        if _FILE_AS_VALUE in error.message:
            # A multipart file mapped to a variable that is no Upload: graphql-core names the
            # Python class of the value ("String cannot represent ... <UploadFile instance>").
            extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
            return _rebuilt(error, translate("FILE_NOT_EXPECTED", lang), extensions)
        if (error.extensions or {}).get("code"):
            return error
        return _rebuilt(error, error.message, {**(error.extensions or {}), "code": _code_of(error)})
    return _rebuilt(error, translate("INTERNAL", "en"), {"code": "INTERNAL"})


def _cause(error: GraphQLError) -> BaseException | None:
    """What ``error`` wraps, through graphql-core's own wrapping (a refused variable is an error
    about an error about the scalar's exception)."""
    cause = error.original_error
    for _ in range(8):
        if not isinstance(cause, GraphQLError) or cause.original_error is None:
            break
        cause = cause.original_error
    return cause


def _code_of(error: GraphQLError) -> str:
    """A code for the document's own errors, so every error a client sees carries one."""
    return (
        "GRAPHQL_PARSE_FAILED"
        if error.message.startswith("Syntax Error")
        else ("GRAPHQL_VALIDATION_FAILED")
    )


def _rebuilt(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def is_expected(error: GraphQLError) -> bool:
    """Parse, validation, permission and AppError failures are the client's, not ours."""
    original = error.original_error
    return original is None or isinstance(original, AppError | GraphQLError)
