"""Numbers and days as clients spell them: ASCII only, one spelling per value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.core.errors import ValidationFailed
from server.core.parsing import ascii_digits, canonical_number, parse_day, parse_moment


def test_a_day_is_yyyy_mm_dd() -> None:
    assert parse_day("2026-12-04", "day") == date(2026, 12, 4)
    assert parse_day("2024-02-29", "day") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "20261204xx",  # date.fromisoformat reads 20261204 and ignores nothing: basic format
        "20261204",
        "2026-W49-5",  # ISO week date
        "2026W495",
        "2026-338",  # ordinal date
        "2026-12-0٤",
        "２０２６-１２-０４",
        "2026-12-4",
        " 2026-12-04",
        "2026-12-04\n",
        "2026-02-30",
        "2026-13-01",
        "",
        "2026-12-04T00:00",
    ],
)
def test_anything_else_is_invalid_date_for_its_field(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_day(text, "dueDate")
    assert (refused.value.code, refused.value.field) == ("INVALID_DATE", "dueDate")


@pytest.mark.parametrize(("text", "ok"), [("0123", True), ("", False), ("²", False), ("٣", False)])
def test_ascii_digits(text: str, ok: bool) -> None:
    assert ascii_digits(text) is ok


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("42", 42), ("042", None), ("٣", None), ("-1", None), ("9" * 19, None)],
)
def test_canonical_number(text: str, value: int | None) -> None:
    assert canonical_number(text) == value


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-12-03T14:05:00+03:00", datetime(2026, 12, 3, 11, 5, tzinfo=UTC)),
        ("2026-12-03 11:05Z", datetime(2026, 12, 3, 11, 5, tzinfo=UTC)),
        ("2026-12-03T11:05:00.25+0000", datetime(2026, 12, 3, 11, 5, 0, 250000, tzinfo=UTC)),
    ],
)
def test_a_moment_is_iso_8601_with_an_offset(text: str, moment: datetime) -> None:
    assert parse_moment(text) == moment


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-04T09:00:00+25:00",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2026-02-30T09:00:00Z",
        "2026-12-04T09:00:00",
        "2026-W49-5T09:00:00Z",
        "20261204T090000Z",
        "2026-12-0٤T09:00:00Z",
        "yesterday",
        "",
    ],
)
def test_anything_else_is_no_moment(text: str) -> None:
    assert parse_moment(text) is None
