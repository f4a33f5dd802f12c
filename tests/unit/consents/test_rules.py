"""The İYS rules engine: stateless checks (check_input) and state rules (decide)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tenants.consents.codes import (
    HS_SOURCES,
    ConsentSource,
    ConsentStatus,
    ConsentType,
    RecipientType,
    RuleCode,
    message_for,
)
from tenants.consents.dates import ISTANBUL
from tenants.consents.rules import (
    CheckedConsent,
    ConsentInput,
    Decision,
    RuleContext,
    RuleViolation,
    StoredState,
    check_input,
    decide,
)

# Thursday 11 June 2026, 12:00 in Istanbul; no holidays nearby, so Monday 8 June is the oldest
# day a consent may come from.
NOW = datetime(2026, 6, 11, 9, 0, tzinfo=UTC)
CTX = RuleContext.at(NOW)
TODAY_0900 = "2026-06-11 09:00:00"
MOBILE = "+905551234567"

ONAY = ConsentStatus.ONAY
RET = ConsentStatus.RET


def consent(**changes: Any) -> ConsentInput:
    """A good MESAJ consent obtained this morning, with `changes` applied."""
    good = ConsentInput(
        recipient="0555 123 45 67",
        type="MESAJ",
        status="ONAY",
        source="HS_WEB",
        consent_date=TODAY_0900,
        recipient_type=None,
    )
    return replace(good, **changes)


def istanbul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An Istanbul wall-clock time as aware UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=ISTANBUL).astimezone(UTC)


def violation(raw: ConsentInput, ctx: RuleContext = CTX) -> RuleViolation:
    """The code a first record of ``raw`` gets, from check_input or, for H467, decide."""
    with pytest.raises(RuleViolation) as caught:
        decide(None, check_input(raw, ctx))
    return caught.value


def test_good_consent_is_typed_and_normalised() -> None:
    # given a good consent as a file row gives it
    # when it is checked
    checked = check_input(consent(), CTX)
    # then every field is typed, the phone is E.164 and the date UTC
    assert checked == CheckedConsent(
        recipient=MOBILE,
        type=ConsentType.MESAJ,
        status=ONAY,
        source=ConsentSource.HS_WEB,
        consent_date=datetime(2026, 6, 11, 6, 0, tzinfo=UTC),
        recipient_type=RecipientType.BIREYSEL,
    )


@pytest.mark.parametrize("recipient_type", [None, ""])
def test_missing_recipient_type_means_bireysel(recipient_type: str | None) -> None:
    # given no recipientType
    # when the consent is checked
    # then it is BIREYSEL
    checked = check_input(consent(recipient_type=recipient_type), CTX)
    assert checked.recipient_type is RecipientType.BIREYSEL


def test_email_consent_is_lowercased() -> None:
    # given an EPOSTA consent in mixed case
    raw = consent(recipient=" Ayse.Test1@Example1.com ", type="EPOSTA", source="HS_EPOSTA")
    # when it is checked
    # then the address is stored as İYS stores it
    assert check_input(raw, CTX).recipient == "ayse.test1@example1.com"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"status": None}, RuleCode.H110, "status"),
        ({"status": ""}, RuleCode.H110, "status"),
        ({"type": None}, RuleCode.H111, "type"),
        ({"consent_date": None}, RuleCode.H112, "consentDate"),
        ({"consent_date": "  "}, RuleCode.H112, "consentDate"),
        ({"source": None}, RuleCode.H113, "source"),
        ({"source": ""}, RuleCode.H113, "source"),
        ({"recipient": None}, RuleCode.H114, "recipient"),
        ({"recipient": " "}, RuleCode.H114, "recipient"),
        ({"status": "RED"}, RuleCode.H115, "status"),
        ({"status": "onay"}, RuleCode.H115, "status"),
        ({"recipient_type": "KURUMSAL"}, RuleCode.H116, "recipientType"),
        ({"type": "SMS"}, RuleCode.H117, "type"),
        ({"source": "IYS_WEB"}, RuleCode.H119, "source"),
        ({"source": "IYS_KISAMESAJ"}, RuleCode.H119, "source"),
        ({"source": "HS_FAKS"}, RuleCode.H119, "source"),
        ({"source": "WEB"}, RuleCode.H119, "source"),
        ({"type": "EPOSTA", "recipient": "ali@@example"}, RuleCode.H120, "recipient"),
        ({"recipient": "+90555"}, RuleCode.H121, "recipient"),
        ({"recipient": "5.55E+09"}, RuleCode.H121, "recipient"),
        ({"recipient": "+90555123456789012"}, RuleCode.H160, "recipient"),
        ({"recipient": "mesaj.icin.eposta@example.com"}, RuleCode.H464, "recipient"),
        ({"type": "EPOSTA"}, RuleCode.H464, "recipient"),
        ({"consent_date": "11/06/2026 09:00"}, RuleCode.H158, "consentDate"),
        ({"consent_date": "2026-06-31 09:00:00"}, RuleCode.H157, "consentDate"),
        ({"source": "HS_KARAR"}, RuleCode.H408, "source"),
    ],
)
def test_stateless_rules_refuse_with_iys_codes(
    changes: dict[str, Any], code: RuleCode, field: str
) -> None:
    # given a consent breaking one rule
    # when it is checked
    caught = violation(consent(**changes))
    # then İYS's code is raised on the offending field
    assert (caught.code, caught.field) == (code, field)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"source": "HS_2015", "consent_date": "2016-01-01 00:00:00"}, RuleCode.H155),
        ({"source": "HS_2015", "consent_date": "2015-05-01 00:00:01"}, RuleCode.H155),
        ({"source": "HS_2015", "consent_date": "2015-04-30 23:59:59"}, RuleCode.H155),
        ({"source": "HS_2015", "consent_date": "2014-06-01 12:00:00"}, RuleCode.H155),
        ({"source": "HS_2015", "consent_date": TODAY_0900}, RuleCode.H155),
        ({"consent_date": "2014-06-01 12:00:00"}, RuleCode.H156),
        ({"consent_date": "2015-04-30 23:59:59"}, RuleCode.H156),
        ({"consent_date": "2015-05-01T00:00:00+03:00"}, RuleCode.H467),
        ({"consent_date": "2026-06-13 09:00:00"}, RuleCode.H162),
        ({"consent_date": "2026-06-11 12:00:01"}, RuleCode.H162),
        ({"consent_date": "2026-06-11T09:00:01Z"}, RuleCode.H162),
        ({"consent_date": "2026-06-07 23:59:59"}, RuleCode.H467),
        ({"consent_date": "05.06.2026 12:00"}, RuleCode.H467),
        (
            {"status": "RET", "source": "HS_KARAR", "consent_date": "2026-06-01 10:00:00"},
            RuleCode.H467,
        ),
    ],
)
def test_date_rules_most_specific_code_wins(changes: dict[str, Any], code: RuleCode) -> None:
    # given a consent whose date breaks one or more date rules
    # when it is checked
    caught = violation(consent(**changes))
    # then the most specific code is reported: H155 > H156 > H162 > H467
    assert (caught.code, caught.field) == (code, "consentDate")


@pytest.mark.parametrize(
    ("changes", "expected_date"),
    [
        ({"source": "HS_2015", "consent_date": "2015-05-01 00:00:00"}, istanbul(2015, 5, 1)),
        ({"source": "HS_2015", "consent_date": "01.05.2015 00:00"}, istanbul(2015, 5, 1)),
        ({"source": "HS_2015", "consent_date": "2015-04-30T21:00:00Z"}, istanbul(2015, 5, 1)),
        ({"consent_date": "2026-06-11 12:00:00"}, NOW),  # exactly now
        ({"consent_date": "2026-06-08 00:00:00"}, istanbul(2026, 6, 8)),  # oldest allowed
        # a naive datetime is an Excel cell, read as Istanbul time
        ({"consent_date": datetime(2026, 6, 10, 18, 30)}, istanbul(2026, 6, 10, 18, 30)),  # noqa: DTZ001
    ],
)
def test_boundary_dates_are_accepted(changes: dict[str, Any], expected_date: datetime) -> None:
    # given a consent dated exactly on a boundary
    # when it is checked
    checked = check_input(consent(**changes), CTX)
    # then it passes with that date in UTC
    assert checked.consent_date == expected_date


def test_business_day_rule_can_be_switched_off() -> None:
    # given a context that does not enforce the three-business-day rule
    lenient = RuleContext.at(NOW, enforce_business_days=False)
    # when a consent from last year is checked and decided as a first record
    checked = check_input(consent(consent_date="2025-06-11 09:00:00"), lenient)
    decision = decide(None, checked)
    # then it is applied and flagged late, while the default context refuses it
    assert checked.consent_date == istanbul(2025, 6, 11, 9)
    assert (checked.late, checked.strict, decision) == (True, False, Decision.APPLY)
    assert violation(consent(consent_date="2025-06-11 09:00:00")).code == RuleCode.H467


def test_a_recent_consent_is_not_late_in_either_context() -> None:
    # given both contexts
    lenient = RuleContext.at(NOW, enforce_business_days=False)
    # when a consent of today, and an HS_2015 one, are checked in each
    rows = [consent(), consent(source="HS_2015", consent_date="2015-05-01 00:00:00")]
    checked = [check_input(row, ctx) for row in rows for ctx in (CTX, lenient)]
    # then none is late
    assert [c.late for c in checked] == [False, False, False, False]


def test_context_knows_the_earliest_allowed_day() -> None:
    # given a context for Thursday noon in Istanbul
    # then consents from Monday on are allowed, from Monday's first second
    assert CTX.now == NOW
    assert CTX.earliest_allowed_day == date(2026, 6, 8)
    assert istanbul(2026, 6, 8) == CTX.earliest_allowed_at


def test_context_refuses_a_naive_now() -> None:
    # given a naive moment
    # when a context is built on it
    # then it is a programming error
    with pytest.raises(ValueError, match="timezone-aware"):
        RuleContext(datetime(2026, 6, 11, 12), date(2026, 6, 8))  # noqa: DTZ001


def test_context_converts_now_to_utc() -> None:
    # given Thursday noon in Istanbul as an Istanbul-aware datetime
    # when a context is built
    ctx = RuleContext.at(datetime(2026, 6, 11, 12, tzinfo=ISTANBUL))
    # then now is UTC
    assert ctx.now == NOW
    assert ctx.now.tzinfo is UTC


@pytest.mark.parametrize(
    ("kind", "changes", "code"),
    [
        ("H162", {"consent_date": NOW + timedelta(days=2)}, RuleCode.H162),
        ("H156", {"consent_date": istanbul(2014, 6, 1, 12)}, RuleCode.H156),
        ("H155", {"source": "HS_2015", "consent_date": istanbul(2016, 1, 1)}, RuleCode.H155),
        ("H121", {"type": "MESAJ", "recipient": "+90555"}, RuleCode.H121),
        ("H121x", {"type": "MESAJ", "recipient": "5.55E+09"}, RuleCode.H121),
        ("H120", {"type": "EPOSTA", "recipient": "ali@@example"}, RuleCode.H120),
        (
            "H464",
            {"type": "MESAJ", "recipient": "mesaj.icin.eposta@example.com"},
            RuleCode.H464,
        ),
        ("H119", {"source": "IYS_WEB"}, RuleCode.H119),
    ],
)
def test_test_data_generator_stateless_breaks(
    kind: str, changes: dict[str, Any], code: RuleCode
) -> None:
    # given a row broken the way make_consents.py's break_row() breaks it
    # when it is checked
    # then the code the generator expects is reported
    assert violation(consent(**changes)).code == code, kind


def test_test_data_generator_first_ret_is_h175() -> None:
    # given break_row()'s H175 row: a first record with status RET
    checked = check_input(consent(status="RET", recipient_type="BIREYSEL"), CTX)
    # when it meets no stored consent
    with pytest.raises(RuleViolation) as caught:
        decide(None, checked)
    # then it is H175
    assert (caught.value.code, caught.value.field) == (RuleCode.H175, "status")


# --- TACIR ----------------------------------------------------------------------------------


def tacir(**changes: Any) -> CheckedConsent:
    return check_input(consent(recipient_type="TACIR", **changes), CTX)


def test_tacir_first_insert_may_omit_source_and_date() -> None:
    # given a TACIR consent without source and consentDate
    checked = tacir(source=None, consent_date=None)
    # when it is checked and decided as a first record
    # then it is applied with neither
    assert (checked.source, checked.consent_date) == (None, None)
    assert decide(None, checked) is Decision.APPLY


def test_tacir_hs_2015_without_date_is_h155() -> None:
    # given a TACIR consent declaring HS_2015 but no date
    # when it is checked
    caught = violation(consent(recipient_type="TACIR", source="HS_2015", consent_date=None))
    # then HS_2015's fixed date is still demanded
    assert caught.code == RuleCode.H155


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"consent_date": None}, RuleCode.H462, "consentDate"),
        ({"source": None}, RuleCode.H463, "source"),
        ({"consent_date": None, "source": None}, RuleCode.H462, "consentDate"),
    ],
)
def test_tacir_update_needs_source_and_date(
    changes: dict[str, Any], code: RuleCode, field: str
) -> None:
    # given a stored TACIR consent
    before = StoredState(ONAY, ConsentSource.HS_WEB, istanbul(2026, 6, 8, 9))
    # when an update without date or source is decided
    with pytest.raises(RuleViolation) as caught:
        decide(before, tacir(**changes))
    # then H462 / H463
    assert (caught.value.code, caught.value.field) == (code, field)


def test_repeated_tacir_row_without_date_is_a_no_op() -> None:
    # given a TACIR consent first stored without source and date
    before = StoredState(ONAY, None, None)
    # when the same row is imported again
    # then nothing changes instead of H462
    assert decide(before, tacir(source=None, consent_date=None)) is Decision.UNCHANGED


def test_tacir_stored_without_date_accepts_any_dated_update() -> None:
    # given a TACIR consent stored without a date
    before = StoredState(ONAY, None, None)
    # when a dated RET arrives
    # then there is no older date to compare with: it is applied
    assert decide(before, tacir(status="RET", source="HS_KARAR")) is Decision.APPLY


# --- state rules ------------------------------------------------------------------------------

NEW_DATE = istanbul(2026, 6, 11, 9)  # the date consent() carries
OLDER = NEW_DATE - timedelta(days=1)
LATER = NEW_DATE + timedelta(hours=1)
WEB, ATM, KARAR = ConsentSource.HS_WEB, ConsentSource.HS_ATM, ConsentSource.HS_KARAR
IYS_SMS = ConsentSource.IYS_KISAMESAJ


def checked_consent(status: str = "ONAY", source: str = "HS_WEB") -> CheckedConsent:
    """consent() with `status` and `source`, dated NEW_DATE, through check_input."""
    return check_input(consent(status=status, source=source), CTX)


@pytest.mark.parametrize(
    ("before", "status", "source", "expected"),
    [
        (None, "ONAY", "HS_WEB", Decision.APPLY),
        (StoredState(ONAY, WEB, OLDER), "ONAY", "HS_WEB", Decision.APPLY),
        (StoredState(ONAY, WEB, OLDER), "ONAY", "HS_ATM", Decision.APPLY),
        (StoredState(ONAY, WEB, OLDER), "RET", "HS_KARAR", Decision.APPLY),
        (StoredState(ONAY, WEB, OLDER), "RET", "HS_WEB", Decision.APPLY),
        (StoredState(RET, KARAR, OLDER), "ONAY", "HS_WEB", Decision.APPLY),
        (StoredState(RET, IYS_SMS, OLDER), "ONAY", "HS_WEB", Decision.APPLY),
        (
            StoredState(ONAY, ConsentSource.HS_2015, istanbul(2015, 5, 1)),
            "RET",
            "HS_KARAR",
            Decision.APPLY,
        ),
        (StoredState(ONAY, WEB, NEW_DATE), "ONAY", "HS_WEB", Decision.UNCHANGED),
        (StoredState(RET, KARAR, NEW_DATE), "RET", "HS_KARAR", Decision.UNCHANGED),
    ],
)
def test_decide_applies_new_movements_and_skips_identical_ones(
    before: StoredState | None, status: str, source: str, expected: Decision
) -> None:
    # given a stored state (or none) and a consent with a newer or the same date
    # when the consent is decided
    # then a newer one is a movement (ONAY after ONAY too) and an identical one a no-op
    assert decide(before, checked_consent(status, source)) is expected


@pytest.mark.parametrize(
    ("before", "status", "source", "code"),
    [
        (None, "RET", "HS_WEB", RuleCode.H175),
        (None, "RET", "HS_KARAR", RuleCode.H175),
        (StoredState(RET, KARAR, OLDER), "RET", "HS_KARAR", RuleCode.H174),
        (StoredState(RET, ConsentSource.IYS_WEB, OLDER), "RET", "HS_KARAR", RuleCode.H174),
        (StoredState(RET, KARAR, LATER), "RET", "HS_WEB", RuleCode.H174),
        (StoredState(ONAY, WEB, LATER), "ONAY", "HS_WEB", RuleCode.H178),
        (StoredState(ONAY, WEB, NEW_DATE), "RET", "HS_KARAR", RuleCode.H178),
        (StoredState(ONAY, WEB, NEW_DATE), "ONAY", "HS_ATM", RuleCode.H178),
        (StoredState(ONAY, ATM, LATER), "RET", "HS_KARAR", RuleCode.H178),
        (StoredState(RET, IYS_SMS, NEW_DATE), "ONAY", "HS_WEB", RuleCode.H178),
        (StoredState(RET, IYS_SMS, LATER), "ONAY", "HS_WEB", RuleCode.H178),
    ],
)
def test_decide_refuses_state_rule_breaks(
    before: StoredState | None, status: str, source: str, code: RuleCode
) -> None:
    # given a stored state (or none) the consent conflicts with
    # when the consent is decided
    with pytest.raises(RuleViolation) as caught:
        decide(before, checked_consent(status, source))
    # then İYS's code: H175 first RET, H174 RET again (whatever the date), H178 not newer
    expected_field = "consentDate" if code == RuleCode.H178 else "status"
    assert (caught.value.code, caught.value.field) == (code, expected_field)


def test_stored_status_as_plain_string_is_understood() -> None:
    # given a stored state read back from the database as plain strings
    before = StoredState("RET", "HS_KARAR", NEW_DATE - timedelta(days=1))  # type: ignore[arg-type]
    # when another RET is decided
    with pytest.raises(RuleViolation) as caught:
        decide(before, checked_consent("RET", "HS_KARAR"))
    # then it is still RET after RET
    assert caught.value.code == RuleCode.H174


# --- codes and messages -----------------------------------------------------------------------


def test_tenants_may_send_exactly_the_thirteen_hs_sources() -> None:
    # given the source enum
    # then the HS_* subset is the 13 İYS lists, and every other source is İYS's own
    assert len(HS_SOURCES) == 13
    assert {source.value for source in ConsentSource} - {s.value for s in HS_SOURCES} == {
        "IYS_KISAMESAJ",
        "IYS_CM",
        "IYS_WEB",
        "IYS_WEB_YENI",
        "IYS_MOBIL",
        "IYS_EPOSTA",
        "IYS_AHS_HAT_KAPATMA",
        "IYS_FRAME_EPOSTA",
        "IYS_FRAME_SMS",
    }


@pytest.mark.parametrize(
    ("code", "turkish"),
    [
        (RuleCode.H175, "İlk defa kaydedilen bir iznin durum bilgisi RET olmamalıdır"),
        (
            RuleCode.H178,
            "Sistemdeki iznin tarihinden önceki tarihli izinlerle güncelleme yapılamaz",
        ),
        (RuleCode.H467, "Üç iş günü öncesinde alınan izinler kaydedilemez"),
        (
            RuleCode.H174,
            "İzin durumu güncellemesi için farklı bir durum girilmelidir. İzin durumu: RET",
        ),
    ],
)
def test_turkish_messages_follow_iys_wording(code: RuleCode, turkish: str) -> None:
    # given a code whose wording İYS publishes
    # then the Turkish message is İYS's text, and Turkish is the default
    assert message_for(code, "tr") == turkish
    assert message_for(code) == turkish


@pytest.mark.parametrize("code", list(RuleCode))
def test_every_code_has_distinct_turkish_and_english_messages(code: RuleCode) -> None:
    # given any rule code
    # then it has a Turkish and a different English message, and en-US means English
    turkish, english = message_for(code, "tr"), message_for(code, "en")
    assert turkish
    assert english
    assert turkish != english
    assert message_for(code, "en-US") == english
    assert message_for(code, "de") == turkish


def test_violation_carries_code_field_and_messages() -> None:
    # given a violation raised by the rules
    caught = violation(consent(source="IYS_WEB"))
    # then it names the code and field and speaks both languages
    assert caught.code == RuleCode.H119
    assert caught.field == "source"
    assert caught.message() == message_for(RuleCode.H119, "tr")
    assert caught.message("en") == message_for(RuleCode.H119, "en")
    assert str(caught).startswith("H119: ")


def test_an_old_row_identical_to_the_stored_state_is_unchanged_not_h467() -> None:
    # given a consent stored last year, and the same row read again from an old file
    lenient = RuleContext.at(NOW, enforce_business_days=False)
    old = check_input(consent(consent_date="2025-06-11 09:00:00"), lenient)
    stored = StoredState(old.status, old.source, old.consent_date)
    again = check_input(consent(consent_date="2025-06-11 09:00:00"), CTX)
    # when it is decided against the stored state
    decision = decide(stored, again)
    # then nothing changes and nothing is refused, while a different old row is still H467
    assert again.late
    assert decision is Decision.UNCHANGED
    with pytest.raises(RuleViolation) as caught:
        decide(stored, check_input(consent(consent_date="2025-06-12 09:00:00"), CTX))
    assert caught.value.code == RuleCode.H467
