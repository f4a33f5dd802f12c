"""Free text a person types (names, titles): one way to tidy and bound it."""

from __future__ import annotations

from server.core.errors import ValidationFailed


def clean_text(value: str, field: str, max_length: int) -> str:
    """Whitespace collapsed; required, and at most ``max_length`` characters."""
    text = " ".join(value.split())
    if not text:
        raise ValidationFailed("REQUIRED", field=field)
    if len(text) > max_length:
        raise ValidationFailed("TOO_LONG", field=field, max=max_length)
    return text
