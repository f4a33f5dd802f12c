"""DateTime always leaves as ISO 8601 in UTC with an offset."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry


def _serialize(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _parse(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("DateTime must be an ISO 8601 string with an offset")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("DateTime needs an offset, e.g. 2026-12-03T14:05:00+03:00")
    return parsed.astimezone(UTC)


DateTimeUTC = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time with an offset; output is always UTC.",
    serialize=_serialize,
    parse_value=_parse,
)
SCALAR_OVERRIDES: dict[object, Any] = {datetime: DateTimeUTC}
