"""Who is calling: resolved once per request from the bearer token, read by everything else.

A principal is a signed-in user or an API key. Both carry a role and a ``Scope``: the brands
they may see and, per consent type, whether they may read or also write, the way İYS grants
rights to its business partners (iys-domain.md §1.5). Services take the scope and filter by it,
so a brand outside it answers exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

CONSENT_TYPES = ("MESAJ", "ARAMA", "EPOSTA")


class RoleRank(IntEnum):
    """Roles ordered by power, so a check is a comparison."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3
    OWNER = 4


class Access(StrEnum):
    """What a limited principal may do with one consent type."""

    READ = "READ"
    WRITE = "WRITE"


@dataclass(frozen=True, slots=True)
class Scope:
    """Brands and consent types a principal may reach; ``None`` means no limit on that axis."""

    brand_ids: frozenset[int] | None = None
    types: Mapping[str, Access] | None = None

    @property
    def limited(self) -> bool:
        return self.brand_ids is not None or self.types is not None

    def allows_brand(self, brand_id: int) -> bool:
        return self.brand_ids is None or brand_id in self.brand_ids

    def can_read(self, consent_type: str) -> bool:
        return self.types is None or consent_type in self.types

    def can_write(self, consent_type: str) -> bool:
        return self.types is None or self.types.get(consent_type) is Access.WRITE

    def readable_types(self) -> list[str]:
        return [t for t in CONSENT_TYPES if self.can_read(t)]

    def covers(self, other: Scope) -> bool:
        """True when ``other`` grants nothing beyond this scope (no widening by delegation)."""
        if self.brand_ids is not None and (
            other.brand_ids is None or not other.brand_ids <= self.brand_ids
        ):
            return False
        if self.types is None:
            return True
        if other.types is None:
            return False
        return all(self._grants(t, a) for t, a in other.types.items())

    def _grants(self, consent_type: str, access: Access) -> bool:
        return (
            self.can_write(consent_type) if access is Access.WRITE else self.can_read(consent_type)
        )

    def to_json(self) -> dict[str, Any] | None:
        """The stored form; ``None`` for an unlimited scope."""
        if not self.limited:
            return None
        return {
            "brands": sorted(self.brand_ids) if self.brand_ids is not None else None,
            "types": dict(sorted(self.types.items())) if self.types is not None else None,
        }

    @classmethod
    def from_json(cls, value: Any) -> Scope:
        """Read the stored form; anything unreadable is the empty scope (deny), never the full."""
        if value is None:
            return FULL
        if not isinstance(value, dict):
            return NOTHING
        brands, types = value.get("brands"), value.get("types")
        try:
            return cls(
                frozenset(int(b) for b in brands) if isinstance(brands, list) else None,
                {str(t): Access(a) for t, a in types.items()} if isinstance(types, dict) else None,
            )
        except (TypeError, ValueError):
            return NOTHING

    @classmethod
    def of(
        cls, brand_ids: Iterable[int] | None, types: Mapping[str, Access] | None = None
    ) -> Scope:
        return cls(frozenset(brand_ids) if brand_ids is not None else None, types)


FULL = Scope()
NOTHING = Scope(frozenset(), {})


@dataclass(frozen=True, slots=True)
class RequestMeta:
    """Where a request came from, for the audit trail."""

    client_ip: str = ""
    user_agent: str = ""


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user or an API key of one tenant, with its role and scope."""

    tenant_id: int
    user_id: int | None
    role: str
    session_id: int | None = None
    api_key_id: int | None = None
    scope: Scope = FULL
    meta: RequestMeta = field(default_factory=RequestMeta)
    language: str = "tr"  # the tenant's default, for requests without Accept-Language

    def has_role(self, minimum: str) -> bool:
        return RoleRank[self.role] >= RoleRank[minimum]

    @property
    def rank(self) -> RoleRank:
        return RoleRank[self.role]
