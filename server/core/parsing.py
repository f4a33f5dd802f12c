"""Numbers as clients spell them: ASCII only, one spelling per value.

``str.isdigit()`` is true for '²' and for Arabic-Indic digits ('٣'), and ``int()`` reads the
latter as 3. Every input check of digits goes through here instead.
"""

from __future__ import annotations


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
