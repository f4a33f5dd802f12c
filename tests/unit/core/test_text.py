"""Free-text names: whitespace folded, control and format characters refused or dropped."""

from __future__ import annotations

import pytest

from server.core.errors import ValidationFailed
from server.core.i18n import translate
from tenants.core.text import clean_text, displayable

UNSAFE = {
    "right-to-left override": "\u202e",
    "left-to-right override": "\u202d",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "right-to-left mark": "\u200f",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "bell": "\x07",
    "escape": "\x1b",
    "delete": "\x7f",
    "null": "\x00",
    "lone surrogate": "\ud800",
}


@pytest.mark.parametrize("character", UNSAFE.values(), ids=UNSAFE.keys())
def test_control_and_format_characters_are_refused(character: str) -> None:
    # when
    with pytest.raises(ValidationFailed) as caught:
        clean_text(f"Örnek{character}Marka", "name", 255)
    # then
    assert (caught.value.code, caught.value.field) == ("INVALID_CHARACTERS", "name")
    assert "direction" in caught.value.message("en")
    assert translate("INVALID_CHARACTERS") != "INVALID_CHARACTERS"  # Turkish too


@pytest.mark.parametrize(
    "name",
    [
        "Çiçek Ağıl Şişli İletişim Öğüt Ümraniye",
        "IŞIK Reklam & Co. (İstanbul) - 2026",
        "Zoë ‘n’ Ça",
    ],
)
def test_turkish_names_pass_unchanged(name: str) -> None:
    assert clean_text(name, "name", 255) == name


def test_tabs_and_line_breaks_are_folded_into_spaces() -> None:
    assert clean_text(" Örnek\t\r\nMarka\u2028A.Ş.\x85 ", "name", 255) == "Örnek Marka A.Ş."


def test_displayable_drops_what_clean_text_refuses() -> None:
    # given: a name stored before such characters were refused
    stored = "Acme\r\nBcc: x@example.com\u202e\u200b\x07 moc.elgoog"
    # then: one line, nothing invisible
    assert displayable(stored) == "Acme Bcc: x@example.com moc.elgoog"
