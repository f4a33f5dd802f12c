"""The İYS consent rules (iys-domain.md §3.1-3.5), pure: no I/O, no ORM.

`check_input` applies the rules that need only the input and the clock; `decide` the ones that
need the consent's stored state. Both raise `RuleViolation` with İYS's code. Where a row breaks
several rules the more specific code wins: HS_2015's date rule (H155) before the 2015 floor
(H156), both before the future (H162) and three-business-day (H467) checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import TypeVar

from tenants.consents.codes import (
    HS_SOURCES,
    ConsentSource,
    ConsentStatus,
    ConsentType,
    RecipientType,
    RuleCode,
    RuleViolation,
)
from tenants.consents.dates import (
    LAW_6563_START,
    earliest_allowed_day,
    parse_consent_date,
    start_of_local_day,
)
from tenants.consents.recipients import normalize_recipient

__all__ = [
    "CheckedConsent",
    "ConsentInput",
    "Decision",
    "RuleCode",
    "RuleContext",
    "RuleViolation",
    "StoredState",
    "check_input",
    "decide",
]

_Member = TypeVar("_Member", bound=Enum)

_STATUSES: Mapping[str, ConsentStatus] = {member.value: member for member in ConsentStatus}
_TYPES: Mapping[str, ConsentType] = {member.value: member for member in ConsentType}
_RECIPIENT_TYPES: Mapping[str, RecipientType] = {member.value: member for member in RecipientType}
_TENANT_SOURCES: Mapping[str, ConsentSource] = {member.value: member for member in HS_SOURCES}


@dataclass(frozen=True, slots=True)
class ConsentInput:
    """One consent as received: canonical strings, garbage, or None/"" when missing."""

    recipient: str | None
    type: str | None
    status: str | None
    source: str | None
    consent_date: str | datetime | None
    recipient_type: str | None = None  # None means BIREYSEL


@dataclass(frozen=True, slots=True)
class CheckedConsent:
    """A consent that passed `check_input`: typed and normalised.

    `source` and `consent_date` are None only for a TACIR consent that omitted them.
    """

    recipient: str
    type: ConsentType
    status: ConsentStatus
    source: ConsentSource | None
    consent_date: datetime | None
    recipient_type: RecipientType
    # More than three business days old (H467). Raised by decide(), after the UNCHANGED check,
    # so re-importing an old file that changes nothing is accepted rather than refused; when
    # the tenant does not enforce the rule (not `strict`), a late consent is accepted and
    # flagged as late instead.
    late: bool = False
    strict: bool = True


@dataclass(frozen=True, slots=True)
class StoredState:
    """The consent's latest movement; `consent_date` aware UTC."""

    status: ConsentStatus
    source: ConsentSource | None
    consent_date: datetime | None


class Decision(Enum):
    """What to do with a consent that passed every rule."""

    APPLY = "APPLY"  # write a new movement
    UNCHANGED = "UNCHANGED"  # identical to the stored state: accepted, nothing written


@dataclass(frozen=True)
class RuleContext:
    """The clock the rules run against; build it once per request or import batch."""

    now: datetime
    earliest_allowed_day: date
    enforce_business_days: bool = True
    # Istanbul midnight of earliest_allowed_day, so the per-row H467 check is one comparison.
    earliest_allowed_at: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("RuleContext.now must be timezone-aware")
        object.__setattr__(
            self, "earliest_allowed_at", start_of_local_day(self.earliest_allowed_day)
        )

    @classmethod
    def at(cls, now: datetime, *, enforce_business_days: bool = True) -> RuleContext:
        """A context for the aware moment `now`."""
        now_utc = now.astimezone(UTC)
        return cls(now_utc, earliest_allowed_day(now_utc), enforce_business_days)


def check_input(raw: ConsentInput, ctx: RuleContext) -> CheckedConsent:
    """Apply every rule that does not need the stored consent; raise RuleViolation on the first.

    Fields are checked in the order status, type, recipientType, recipient, source, consentDate.
    """
    status = _member(raw.status, _STATUSES, RuleCode.H110, RuleCode.H115, "status")
    consent_type = _member(raw.type, _TYPES, RuleCode.H111, RuleCode.H117, "type")
    recipient_type = _recipient_type(raw.recipient_type)
    recipient = _recipient(raw.recipient, consent_type)
    source = _source(raw.source, status, recipient_type)
    consent_date = _consent_date(raw.consent_date, source, recipient_type, ctx)
    late = consent_date is not None and _is_late(consent_date, source, ctx)
    return CheckedConsent(
        recipient,
        consent_type,
        status,
        source,
        consent_date,
        recipient_type,
        late,
        ctx.enforce_business_days,
    )


def _is_missing(value: str | datetime | None) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _member(
    value: str | None,
    members: Mapping[str, _Member],
    missing: RuleCode,
    invalid: RuleCode,
    field_name: str,
) -> _Member:
    if _is_missing(value):
        raise RuleViolation(missing, field_name)
    member = members.get(value or "")
    if member is None:
        raise RuleViolation(invalid, field_name)
    return member


def _recipient_type(value: str | None) -> RecipientType:
    if _is_missing(value):
        return RecipientType.BIREYSEL
    member = _RECIPIENT_TYPES.get(value or "")
    if member is None:
        raise RuleViolation(RuleCode.H116, "recipientType")
    return member


def _recipient(value: str | None, consent_type: ConsentType) -> str:
    if value is None or _is_missing(value):
        raise RuleViolation(RuleCode.H114, "recipient")
    return normalize_recipient(value, consent_type)


def _source(
    value: str | None, status: ConsentStatus, recipient_type: RecipientType
) -> ConsentSource | None:
    if _is_missing(value):
        if recipient_type is RecipientType.TACIR:
            return None  # optional on a TACIR first insert; decide() demands it on updates
        raise RuleViolation(RuleCode.H113, "source")
    source = _TENANT_SOURCES.get(value or "")
    if source is None:  # unknown, or an IYS_* source only İYS itself may set
        raise RuleViolation(RuleCode.H119, "source")
    if source is ConsentSource.HS_KARAR and status is not ConsentStatus.RET:
        raise RuleViolation(RuleCode.H408, "source")
    return source


def _consent_date(
    value: str | datetime | None,
    source: ConsentSource | None,
    recipient_type: RecipientType,
    ctx: RuleContext,
) -> datetime | None:
    if value is None or _is_missing(value):
        if recipient_type is not RecipientType.TACIR:
            raise RuleViolation(RuleCode.H112, "consentDate")
        if source is ConsentSource.HS_2015:
            raise RuleViolation(RuleCode.H155, "consentDate")
        return None  # optional on a TACIR first insert; decide() demands it on updates
    when = parse_consent_date(value)
    if source is ConsentSource.HS_2015:
        if when != LAW_6563_START:
            raise RuleViolation(RuleCode.H155, "consentDate")
        return when
    _check_date_window(when, ctx)
    return when


def _check_date_window(when: datetime, ctx: RuleContext) -> None:
    if when < LAW_6563_START:
        raise RuleViolation(RuleCode.H156, "consentDate")
    if when > ctx.now:
        raise RuleViolation(RuleCode.H162, "consentDate")


def _is_late(when: datetime, source: ConsentSource | None, ctx: RuleContext) -> bool:
    """More than three business days old (H467)?

    HS_2015 declares a consent given before the law; its fixed date is years older than three
    business days by definition, so H467 cannot apply to it. Computed whether or not the tenant
    enforces the rule: decide() refuses a late consent only when it does.
    """
    if source is ConsentSource.HS_2015:
        return False
    return when < ctx.earliest_allowed_at


def decide(stored: StoredState | None, new: CheckedConsent) -> Decision:
    """Apply the rules that need the consent's stored state (None: no record yet).

    A consent identical to the stored state (same status, source and consentDate) is UNCHANGED,
    which makes re-sending or re-importing it a no-op; that check runs before H462/H463/H174/H178
    so a repeated TACIR row without date or source is a no-op too. A late consent is H467 only
    when the rule is enforced (`new.strict`); otherwise it is applied and stays flagged late.
    """
    if stored is not None and _same_as_stored(stored, new):
        return Decision.UNCHANGED
    if new.late and new.strict:
        raise RuleViolation(RuleCode.H467, "consentDate")
    if stored is None:
        if new.status is ConsentStatus.RET:  # so HS_KARAR on a first record is H175 as well
            raise RuleViolation(RuleCode.H175, "status")
        return Decision.APPLY
    new_date = _required_on_update(new)
    if stored.status == ConsentStatus.RET and new.status == ConsentStatus.RET:
        raise RuleViolation(RuleCode.H174, "status")
    if stored.consent_date is not None and new_date <= stored.consent_date:
        raise RuleViolation(RuleCode.H178, "consentDate")
    return Decision.APPLY


def _same_as_stored(stored: StoredState, new: CheckedConsent) -> bool:
    return (
        stored.status == new.status
        and stored.source == new.source
        and stored.consent_date == new.consent_date
    )


def _required_on_update(new: CheckedConsent) -> datetime:
    """The new consentDate; an update must carry it and a source (H462/H463 for TACIR)."""
    is_tacir = new.recipient_type is RecipientType.TACIR
    if new.consent_date is None:
        raise RuleViolation(RuleCode.H462 if is_tacir else RuleCode.H112, "consentDate")
    if new.source is None:
        raise RuleViolation(RuleCode.H463 if is_tacir else RuleCode.H113, "source")
    return new.consent_date
