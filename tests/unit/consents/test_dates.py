"""consentDate parsing and the three-business-day window, in Europe/Istanbul time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import holidays
import pytest

from tenants.consents.codes import RuleCode, RuleViolation
from tenants.consents.dates import (
    ISTANBUL,
    LAW_6563_START,
    earliest_allowed_day,
    is_business_day,
    local_date,
    parse_consent_date,
    start_of_local_day,
    turkish_public_holidays,
)

EXPECTED = datetime(2026, 12, 3, 11, 5, tzinfo=UTC)  # 14:05 in Istanbul


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-03 14:05:00",
        "03.12.2026 14:05:00",
        "03.12.2026 14:05",
        "3.12.2026 14:05",
        " 2026-12-03 14:05:00 ",
        "2026-12-03T14:05:00+03:00",
        "2026-12-03T14:05:00+0300",
        "2026-12-03T14:05+03",
        "2026-12-03 14:05+03",  # as long as İYS's shape, but it carries its own offset
        "2026-12-03T11:05:00Z",
        "2026-12-03 11:05:00+00:00",
        "2026-12-03T06:05:00-05:00",
        "2026-12-03T14:05:00.999+03:00",
        datetime(2026, 12, 3, 14, 5),  # noqa: DTZ001 - a naive Excel cell, on purpose
        datetime(2026, 12, 3, 14, 5, 0, 400_000),  # noqa: DTZ001
        datetime(2026, 12, 3, 16, 5, tzinfo=timezone(timedelta(hours=5))),
    ],
)
def test_every_accepted_shape_gives_the_same_utc_moment(value: str | datetime) -> None:
    # given 14:05 Istanbul time on 3 December 2026 in any accepted shape
    # when it is parsed
    parsed = parse_consent_date(value)
    # then it is that moment in UTC, to the whole second
    assert parsed == EXPECTED
    assert parsed.tzinfo is UTC
    assert parsed.microsecond == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-15 12:00:00", datetime(2026, 1, 15, 9, tzinfo=UTC)),
        ("2026-07-15 12:00:00", datetime(2026, 7, 15, 9, tzinfo=UTC)),
        ("2017-01-15 12:00:00", datetime(2017, 1, 15, 9, tzinfo=UTC)),
        # before September 2016 Turkey still had winter time (+02:00)
        ("2015-12-01 12:00:00", datetime(2015, 12, 1, 10, tzinfo=UTC)),
        ("2015-05-01 00:00:00", datetime(2015, 4, 30, 21, tzinfo=UTC)),
    ],
)
def test_istanbul_time_is_read_with_the_real_zone_offset(value: str, expected: datetime) -> None:
    # given an Istanbul wall-clock time in winter and in summer
    # when it is parsed
    # then the zone's offset for that date applies: +03:00 all year since 2016
    assert parse_consent_date(value) == expected


def test_law_start_is_midnight_istanbul_on_1_may_2015() -> None:
    # given the constant for 2015-05-01 00:00:00 Istanbul time
    # then it is 21:00 UTC the day before
    assert datetime(2015, 4, 30, 21, tzinfo=UTC) == LAW_6563_START


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "2026/12/03 14:05:00",
        "2026-12-03",
        "2026-12-03 14:05",
        "2026-12-03T14:05:00",  # ISO without an offset is ambiguous
        "03-12-2026 14:05",
        "03.12.26 14:05",
        "2026-12-03 14:05:0x",
        "2026-12-03 14:05:00 +03:00",
        "2026-12-03T14:05:00+03:60",
        "2026-12-03T14:05:00z",
        "٢٠٢٦-١٢-٠٣ ١٤:٠٥:٠٠",  # Arabic-Indic digits
        "46358.5868",  # an Excel serial number
    ],
)
def test_badly_shaped_dates_are_h158(value: str) -> None:
    # given a string in no accepted shape
    # when it is parsed
    with pytest.raises(RuleViolation) as caught:
        parse_consent_date(value)
    # then it is H158 on consentDate
    assert caught.value.code == RuleCode.H158
    assert caught.value.field == "consentDate"


def test_non_string_non_datetime_is_h158() -> None:
    # given a number where a date belongs (a cell read without its date format)
    # when it is parsed
    with pytest.raises(RuleViolation) as caught:
        parse_consent_date(46358.5868)  # type: ignore[arg-type]
    # then it is H158
    assert caught.value.code == RuleCode.H158


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30 14:05:00",
        "2026-02-29 00:00:00",
        "2026-13-01 00:00:00",
        "2026-12-03 25:00:00",
        "2026-12-03 24:00:00",
        "2026-12-03 14:60:00",
        "2026-12-03 14:05:60",
        "30.02.2026 10:00",
        "31.04.2026 10:00:00",
        "2026-02-30T10:00:00+03:00",
        "2026-12-03T14:05:00+25:00",
    ],
)
def test_impossible_dates_are_h157(value: str) -> None:
    # given the right shape but no such moment
    # when it is parsed
    with pytest.raises(RuleViolation) as caught:
        parse_consent_date(value)
    # then it is H157 on consentDate
    assert caught.value.code == RuleCode.H157
    assert caught.value.field == "consentDate"


def test_leap_day_is_a_real_date() -> None:
    # given 29 February of a leap year
    # then it parses
    assert parse_consent_date("29.02.2028 10:00") == datetime(2028, 2, 29, 7, tzinfo=UTC)


def test_local_date_and_start_of_local_day_use_istanbul() -> None:
    # given 22:30 UTC, which is already the next day in Istanbul
    late_evening_utc = datetime(2026, 6, 11, 22, 30, tzinfo=UTC)
    # then its local date is the next day, which began at 21:00 UTC
    assert local_date(late_evening_utc) == date(2026, 6, 12)
    assert start_of_local_day(date(2026, 6, 12)) == datetime(2026, 6, 11, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 10), True),  # Wednesday
        (date(2026, 6, 13), False),  # Saturday
        (date(2026, 6, 14), False),  # Sunday
        (date(2026, 1, 1), False),  # New Year's Day, a Thursday
        (date(2026, 4, 23), False),  # National Sovereignty and Children's Day, a Thursday
        (date(2026, 5, 26), True),  # Kurban Bayramı eve (arife): only a half day off
        (date(2026, 5, 27), False),  # Kurban Bayramı, a Wednesday
    ],
)
def test_business_days_are_weekdays_that_are_not_public_holidays(day: date, expected: bool) -> None:
    # given a calendar date
    # then it is a business day only on a weekday that is not a Turkish public holiday
    assert is_business_day(day) is expected


def test_holidays_are_computed_once_per_year() -> None:
    # given the holiday set of a year was asked for
    first = turkish_public_holidays(2026)
    # when it is asked for again
    # then the cached set comes back
    assert turkish_public_holidays(2026) is first
    assert date(2026, 10, 29) in first


def _istanbul_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ISTANBUL)


@pytest.mark.parametrize(
    ("today", "earliest"),
    [
        (date(2026, 6, 8), date(2026, 6, 3)),  # Monday: Fri, Mon count; Thu is the 3rd
        (date(2026, 6, 9), date(2026, 6, 4)),  # Tuesday
        (date(2026, 6, 10), date(2026, 6, 5)),  # Wednesday
        (date(2026, 6, 11), date(2026, 6, 8)),  # Thursday: a Monday consent is still in time
        (date(2026, 6, 12), date(2026, 6, 9)),  # Friday
        (date(2026, 6, 13), date(2026, 6, 9)),  # Saturday counts no business day
        (date(2026, 6, 14), date(2026, 6, 9)),  # Sunday
        (date(2026, 6, 15), date(2026, 6, 10)),  # Monday
    ],
)
def test_earliest_allowed_day_in_an_ordinary_week(today: date, earliest: date) -> None:
    # given a week with no public holidays around it
    # when the earliest allowed consent day is computed at noon
    # then at most three business days lie after it, up to and including today
    assert earliest_allowed_day(_istanbul_noon(today)) == earliest


def test_earliest_allowed_day_uses_the_istanbul_date_of_now() -> None:
    # given 22:30 UTC on Thursday, which is already Friday 01:30 in Istanbul
    now = datetime(2026, 6, 11, 22, 30, tzinfo=UTC)
    # when the earliest allowed day is computed
    # then it is Friday's answer, not Thursday's
    assert earliest_allowed_day(now) == date(2026, 6, 9)


def _ramazan_bayrami(year: int) -> list[date]:
    named = holidays.country_holidays("TR", years=year, language="tr").get_named("Ramazan")
    return sorted(named)


def test_friday_before_a_monday_tuesday_bayram_is_in_time_until_the_next_friday() -> None:
    # given Ramazan Bayramı 2025 per the holidays package: Sunday to Tuesday
    bayram = _ramazan_bayrami(2025)
    assert [day.weekday() for day in bayram] == [6, 0, 1]
    friday_before = bayram[0] - timedelta(days=2)
    # when the window is computed on the Friday after it and on the Monday after that
    # then the bayram's Monday and Tuesday do not count: Wed, Thu, Fri are the three days
    assert earliest_allowed_day(_istanbul_noon(friday_before + timedelta(days=7))) == (
        friday_before
    )
    assert earliest_allowed_day(_istanbul_noon(friday_before + timedelta(days=10))) == (
        bayram[-1] + timedelta(days=1)
    )


def test_ramazan_bayrami_2026_shifts_the_window() -> None:
    # given Ramazan Bayramı 2026 per the holidays package: Friday to Sunday
    bayram = _ramazan_bayrami(2026)
    assert bayram[0] == date(2026, 3, 20)
    assert bayram[0].weekday() == 4
    eve = bayram[0] - timedelta(days=1)  # Thursday, the half-day arife
    # when the window is computed on the following Wednesday and Thursday
    # then Mon, Tue, Wed are the three days after the eve; on Thursday the eve is too old
    assert earliest_allowed_day(_istanbul_noon(date(2026, 3, 25))) == eve
    assert earliest_allowed_day(_istanbul_noon(date(2026, 3, 26))) == date(2026, 3, 23)


def test_kurban_bayrami_2026_week() -> None:
    # given Kurban Bayramı 2026: Wednesday 27 to Saturday 30 May, with Tuesday's half-day eve
    friday_before = date(2026, 5, 22)
    # when the window is computed on the Monday and Tuesday after the bayram
    # then Mon 25 and Tue 26 May and Mon 1 June are the three business days after Fri 22
    assert earliest_allowed_day(_istanbul_noon(date(2026, 6, 1))) == friday_before
    assert earliest_allowed_day(_istanbul_noon(date(2026, 6, 2))) == date(2026, 5, 25)


def test_window_crosses_new_year_with_its_holiday() -> None:
    # given Monday 4 January 2027, after New Year's Day on a Friday
    # when the window is computed
    # then Mon 4 Jan, Thu 31 Dec and Wed 30 Dec are the three days: Tuesday 29 Dec is earliest
    assert earliest_allowed_day(_istanbul_noon(date(2027, 1, 4))) == date(2026, 12, 29)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0001-01-01 00:00:00", RuleCode.H156),
        ("01.01.0001 00:00", RuleCode.H156),
        ("0001-01-01T00:00:00+03:00", RuleCode.H156),
        (datetime(1, 1, 1, 0, 0), RuleCode.H156),  # noqa: DTZ001 - a naive Excel cell
        ("9999-12-31T23:59:59-12:00", RuleCode.H162),
        (datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-12))), RuleCode.H162),
    ],
)
def test_moments_at_the_calendars_edges_are_rule_violations(
    value: str | datetime, code: RuleCode
) -> None:
    # given a date whose offset moves it off the calendar when read as UTC
    # when it is parsed
    with pytest.raises(RuleViolation) as caught:
        parse_consent_date(value)
    # then it is refused like any date that early or that late, not a crash
    assert caught.value.code == code
    assert caught.value.field == "consentDate"
