"""Turkish tax and registry numbers, checked with their check digits (python-stdnum)."""

from __future__ import annotations

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.tr import tckimlik, vkn

from server.core.errors import ValidationFailed
from server.core.parsing import ascii_digits
from tenants.core.text import clean_text


def clean_tin(value: str) -> str:
    """A VKN (10 digits) or TCKN (11 digits) with a valid check digit."""
    digits = value.strip()
    if not ascii_digits(digits) or len(digits) not in (10, 11):
        raise ValidationFailed("H244", field="tin")
    checker = vkn if len(digits) == 10 else tckimlik
    try:
        return str(checker.validate(digits))
    except StdnumError:
        raise ValidationFailed("H243", field="tin") from None


def clean_mersis(value: str | None) -> str | None:
    """16 digits; one starting with 0 carries a valid VKN in its next 10 digits (İYS 1.1.0)."""
    if value is None or not value.strip():
        return None
    digits = value.strip()
    if not ascii_digits(digits) or len(digits) != 16:
        raise ValidationFailed("H228", field="mersis")
    if digits.startswith("0") and not vkn.is_valid(digits[1:11]):
        raise ValidationFailed("INVALID_MERSIS", field="mersis")
    return digits


def clean_title(value: str, field: str = "title") -> str:
    return clean_text(value, field, 255)


def clean_code(value: int, field: str) -> int:
    if value <= 0 or value > 10**15:
        raise ValidationFailed("INVALID_CODE", field=field)
    return value
