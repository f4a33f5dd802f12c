"""DateTime always leaves as ISO 8601 in UTC with an offset; it comes in with one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry

from server.core.errors import ValidationFailed
from server.core.parsing import parse_moment


def _serialize(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _parse(value: Any) -> datetime:
    """Refused with INVALID_DATETIME: no Python error text (offset ranges, isoformat) leaks."""
    parsed = parse_moment(value) if isinstance(value, str) and len(value) <= 40 else None
    if parsed is None:
        raise ValidationFailed("INVALID_DATETIME")
    return parsed


DateTimeUTC = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time with an offset; output is always UTC.",
    serialize=_serialize,
    parse_value=_parse,
)
SCALAR_OVERRIDES: dict[object, Any] = {datetime: DateTimeUTC}
