"""Numbers and days as clients spell them: ASCII only, one spelling per value.

``str.isdigit()`` is true for '²' and for Arabic-Indic digits ('٣'), and ``int()`` reads the
latter as 3; ``date.fromisoformat`` (Python 3.11) reads ``20261204`` and ``2026-W49-5``. Every
input check of digits or days goes through here instead.
"""

from __future__ import annotations

import re
from datetime import date

from server.core.errors import ValidationFailed

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


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
