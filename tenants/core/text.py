"""Free text a person types (names, titles): one way to tidy and bound it."""

from __future__ import annotations

import unicodedata

from server.core.errors import ValidationFailed

# Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters, soft hyphen)
# and surrogate (Cs) characters: invisible, or able to reorder what a reader sees. Names go into
# notices recipients read; Turkish text needs none of them.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def has_unsafe_characters(text: str) -> bool:
    return any(_unsafe(ch) for ch in text)


def clean_text(value: str, field: str, max_length: int) -> str:
    """Whitespace collapsed (tabs and line breaks included); required, at most ``max_length``
    characters, and free of any other control or format character (INVALID_CHARACTERS)."""
    text = " ".join(value.split())
    if not text:
        raise ValidationFailed("REQUIRED", field=field)
    if len(text) > max_length:
        raise ValidationFailed("TOO_LONG", field=field, max=max_length)
    if has_unsafe_characters(text):
        raise ValidationFailed("INVALID_CHARACTERS", field=field)
    return text


def displayable(text: str) -> str:
    """``text`` with control and format characters dropped and whitespace collapsed: for
    stored names shown in a one-line place such as an e-mail Subject."""
    kept = "".join(" " if ch.isspace() else "" if _unsafe(ch) else ch for ch in text)
    return " ".join(kept.split())


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in UNSAFE_CATEGORIES
