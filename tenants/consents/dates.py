"""consentDate parsing and İYS's three-business-day rule, in Europe/Istanbul time.

Bulk imports parse one date per row, so the fixed-width shapes are checked with plain string
indexing and handed to the C-implemented `datetime.fromisoformat`; `strptime` is ~4× slower.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from server.core.parsing import ISO_WITH_OFFSET, ascii_digits
from tenants.consents.codes import RuleCode, RuleViolation

ISTANBUL = ZoneInfo("Europe/Istanbul")

LAW_6563_START = datetime(2015, 5, 1, tzinfo=ISTANBUL).astimezone(UTC)
"""2015-05-01 00:00:00 Istanbul time: no consent is older (H156), HS_2015 ones are this old."""

BUSINESS_DAYS_TO_RECORD = 3
"""İYS refuses consents obtained more than this many business days ago (H467)."""

_ONE_DAY = timedelta(days=1)
_FIELD = "consentDate"

# Day-first with one-digit day, month or hour, as a Turkish-locale Excel writes "3.12.2026 9:05".
_LOOSE_DAY_FIRST = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?",
    re.ASCII,
)


def parse_consent_date(value: str | datetime) -> datetime:
    """`value` as an aware UTC datetime with whole seconds, or RuleViolation on consentDate.

    Accepts ISO 8601 with an offset or Z; İYS's `YYYY-MM-DD HH:mm:ss` and the day-first
    `DD.MM.YYYY HH:mm[:ss]` as Europe/Istanbul time; a naive datetime (an Excel cell) as
    Istanbul time and an aware one as is. A wrong shape is H158, an impossible date H157.
    Fractions of a second are dropped: İYS keeps whole seconds.
    """
    if isinstance(value, datetime):
        return _datetime_to_utc(value)
    if not isinstance(value, str):
        raise RuleViolation(RuleCode.H158, _FIELD)
    text = value.strip()
    local = _as_iys_shape(text)
    if local is not None:
        return _parse_istanbul(local)
    return _parse_iso_with_offset(text)


def _datetime_to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=ISTANBUL)
    return _whole_seconds(_to_utc(value))


def _to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a moment of year 1 or 9999 that its offset moves off the calendar is
    before 2015-05-01 (H156) or in the future (H162), as any such date would be."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise RuleViolation(
            RuleCode.H156 if moment.year < 2015 else RuleCode.H162, _FIELD
        ) from None


def _whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0) if moment.microsecond else moment


def _as_iys_shape(text: str) -> str | None:
    """`text` rewritten as `YYYY-MM-DD HH:mm:ss` if it has one of the local-time shapes."""
    length = len(text)
    if length == 19 and text[10] == " " and text[13] == ":" and text[16] == ":":
        if text[4] == "-" and text[7] == "-":
            return text
        if text[2] == "." and text[5] == ".":
            return f"{text[6:10]}-{text[3:5]}-{text[:2]} {text[11:]}"
    if length == 16 and text[2] == "." and text[5] == "." and text[10] == " " and text[13] == ":":
        return f"{text[6:10]}-{text[3:5]}-{text[:2]} {text[11:]}:00"
    match = _LOOSE_DAY_FIRST.fullmatch(text)
    if match is None:
        return None
    day, month, year, hour, minute, second = match.groups()
    return f"{year}-{month:0>2}-{day:0>2} {hour:0>2}:{minute}:{second or '00'}"


def _parse_istanbul(text: str) -> datetime:
    """`text` (`YYYY-MM-DD HH:mm:ss` by position) read as Istanbul time."""
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise RuleViolation(_invalid_value_code(text), _FIELD) from None
    if naive.tzinfo is not None:  # never override an offset the text carried
        raise RuleViolation(RuleCode.H158, _FIELD)
    return _to_utc(naive.replace(tzinfo=ISTANBUL))


def _invalid_value_code(text: str) -> RuleCode:
    """H157 when the digits are all there but name no real moment (2026-02-30), else H158."""
    digits = text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:]
    return RuleCode.H157 if ascii_digits(digits) else RuleCode.H158


def _parse_iso_with_offset(text: str) -> datetime:
    if ISO_WITH_OFFSET.fullmatch(text) is None:
        raise RuleViolation(RuleCode.H158, _FIELD)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise RuleViolation(RuleCode.H157, _FIELD) from None
    return _whole_seconds(_to_utc(parsed))


def local_date(moment: datetime) -> date:
    """The Istanbul calendar date of an aware `moment`."""
    return moment.astimezone(ISTANBUL).date()


def start_of_local_day(day: date) -> datetime:
    """The UTC instant at which `day` begins in Istanbul."""
    return datetime.combine(day, time(), ISTANBUL).astimezone(UTC)


@cache
def turkish_public_holidays(year: int) -> frozenset[date]:
    """Turkey's public holidays in `year` (half-day eves are not holidays), cached per year."""
    return frozenset(holidays.country_holidays("TR", years=year).keys())


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a Turkish public holiday."""
    return day.weekday() < 5 and day not in turkish_public_holidays(day.year)


def earliest_allowed_day(now: datetime) -> date:
    """The oldest Istanbul date on which a consent may have been obtained to be recorded `now`.

    İYS (H467) refuses consents obtained more than three business days ago without saying how it
    counts (iys-domain.md §3.3, [UNCONF]). Our reading: a consent obtained on local day D may be
    recorded while the number of business days strictly after D, up to and including today,
    is at most three. Business days are Monday to Friday minus Turkish public holidays
    (`holidays` package; half-day eves count as business days). So a consent from Monday can be
    recorded until Thursday night, and one from the Friday before a Monday-Tuesday bayram until
    the Friday after it.

    Compute it once per request or batch; the per-row check is
    `local_date(consent_date) >= earliest_allowed_day(now)`.
    """
    day = local_date(now)
    counted = 0  # business days in (day, today]
    while True:
        if is_business_day(day):
            if counted == BUSINESS_DAYS_TO_RECORD:
                return day
            counted += 1
        day -= _ONE_DAY
