"""Numbers, days and moments as clients spell them: ASCII only, one spelling per value.

``str.isdigit()`` is true for '²' and for Arabic-Indic digits ('٣'), and ``int()`` reads the
latter as 3; ``date.fromisoformat`` (Python 3.11) reads ``20261204`` and ``2026-W49-5``. Every
input check of digits, days or date-times goes through here instead.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from server.core.errors import ValidationFailed

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# An ISO 8601 date-time with an offset (Z, ±HH, ±HHMM or ±HH:MM), seconds and fraction optional.
ISO_WITH_OFFSET = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:Z|[+-]\d{2}(?::?[0-5]\d)?)",
    re.ASCII,
)


def ascii_digits(text: str) -> bool:
    """True for a non-empty string of the digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def canonical_number(text: str, max_digits: int = 18) -> int | None:
    """The value of ASCII digits without leading zeros (``0`` itself is fine), else None."""
    if not ascii_digits(text) or len(text) > max_digits:
        return None
    if len(text) > 1 and text.startswith("0"):
        return None
    return int(text)


def parse_day(text: str, field: str) -> date:
    """A calendar day spelt ``YYYY-MM-DD``; anything else is INVALID_DATE for ``field``."""
    if _DAY.fullmatch(text) is not None:
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2026-02-30
            pass
    raise ValidationFailed("INVALID_DATE", field=field)


def parse_moment(text: str) -> datetime | None:
    """An ISO 8601 date-time with an offset, in UTC; None for anything else.

    Also None for what the pattern lets through but names no moment: 2026-02-30, an offset of
    24 hours or more, a moment before year 1 or after 9999 once in UTC.
    """
    if ISO_WITH_OFFSET.fullmatch(text) is None:
        return None
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
