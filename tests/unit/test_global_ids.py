"""Global ids: one id per object, and anything else is simply not one of ours."""

from __future__ import annotations

import base64

import pytest

from schema.relay import decode_cursor, encode_cursor, from_global_id, pk_of, to_global_id
from server.core.errors import ValidationFailed


def _encoded(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def test_an_id_decodes_to_what_it_encodes() -> None:
    assert from_global_id(to_global_id("Brand", 42)) == ("Brand", 42)
    assert pk_of(to_global_id("Brand", 42), "Brand") == 42
    assert pk_of(to_global_id("Brand", 42), "Consent") is None


@pytest.mark.parametrize(
    "raw",
    ["Brand:²", "Brand:٣", "Brand:３", "Brand:03", "Brand:", "Brand:-1", "Brand:1.0", ":1", "1"],
)
def test_anything_but_ascii_digits_without_leading_zeros_is_no_id(raw: str) -> None:
    assert from_global_id(_encoded(raw)) is None


@pytest.mark.parametrize("value", ["", "!!!", "QnJhbmQ6MQ" * 20, "////", "\x00"])
def test_malformed_text_is_no_id(value: str) -> None:
    assert from_global_id(value) is None


def test_a_cursor_decodes_to_its_position() -> None:
    assert decode_cursor(encode_cursor(0)) == 0
    assert decode_cursor(encode_cursor(42)) == 42
    assert decode_cursor(None) is None


@pytest.mark.parametrize(
    "raw", ["c:²", "c:٣", "c:３", "c:03", "c:", "c:-1", "c:1.0", "c: 1", "d:1", "c:" + "9" * 19]
)
def test_a_cursor_of_anything_but_ascii_digits_without_leading_zeros_is_invalid(raw: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        decode_cursor(_encoded(raw))
    assert refused.value.code == "INVALID_CURSOR"
