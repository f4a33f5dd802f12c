"""format_error looks through graphql-core's wrapping of a refused variable for its cause."""

from __future__ import annotations

from graphql import GraphQLError

from schema.errors import format_error
from server.core.errors import ValidationFailed


def _refused_variable(cause: Exception) -> GraphQLError:
    """As graphql-core reports a variable its scalar refused: an error about an error."""
    inner = GraphQLError(f"Expected value of type 'X', but encountered error '{cause}'", None)
    inner.original_error = cause
    return GraphQLError(f"Variable '$i' has invalid value: {inner.message}", original_error=inner)


def test_an_app_error_inside_a_refused_variable_gives_its_code_and_message() -> None:
    formatted = format_error(_refused_variable(ValidationFailed("INVALID_DATETIME")), "en")
    assert formatted.extensions == {"code": "INVALID_DATETIME"}
    assert formatted.message.startswith("Invalid date and time")


def test_a_python_exception_inside_a_refused_variable_is_not_shown() -> None:
    cause = ValueError("offset must be a timedelta strictly between -timedelta(hours=24)")
    formatted = format_error(_refused_variable(cause), "tr")
    assert formatted.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert formatted.message == "Bir değer beklenen türde değil."


def test_a_validation_error_keeps_its_message() -> None:
    formatted = format_error(GraphQLError("Variable '$b' is never used."), "en")
    assert formatted.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert formatted.message == "Variable '$b' is never used."


def test_an_unexpected_exception_is_internal() -> None:
    formatted = format_error(GraphQLError("boom", original_error=RuntimeError("SELECT")), "en")
    assert formatted.extensions == {"code": "INTERNAL"}
    assert "SELECT" not in formatted.message
