"""Brand and consent-type scope of users, invitations and API keys, as the API shows it."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from schema.consents.types import ConsentType
from schema.relay import pk_of, to_global_id
from server.core.principal import Access, Scope
from tenants.consents import codes


@strawberry.enum(name="ConsentAccess", description="What a limited principal may do with a type.")
class ConsentAccess(Enum):
    READ = strawberry.enum_value("READ", description="See consents and run send checks.")
    WRITE = strawberry.enum_value("WRITE", description="Also record and import consents.")


@strawberry.type(description="A consent type a limited principal may use, and how.")
class TypeAccess:
    type: ConsentType = strawberry.field(description="The consent type.")
    access: ConsentAccess = strawberry.field(description="READ, or WRITE (which includes READ).")


@strawberry.input(description="A consent type to allow, and how.")
class TypeAccessInput:
    type: ConsentType = strawberry.field(description="The consent type.")
    access: ConsentAccess = strawberry.field(description="READ, or WRITE (which includes READ).")


@strawberry.type(description="Which brands and consent types a user or key may reach.")
class AccessScope:
    brand_ids: list[strawberry.ID] | None = strawberry.field(
        description="The brands it may see; null for every brand of the tenant."
    )
    types: list[TypeAccess] | None = strawberry.field(
        description="The consent types it may use; null for every type, as its role allows."
    )

    @strawberry.field(description="True when brands or types are limited.")
    def limited(self) -> bool:
        return self.brand_ids is not None or self.types is not None

    @classmethod
    def from_json(cls, stored: Any) -> AccessScope:
        scope = Scope.from_json(stored)
        brands = (
            [strawberry.ID(to_global_id("Brand", pk)) for pk in sorted(scope.brand_ids)]
            if scope.brand_ids is not None
            else None
        )
        types = (
            [
                TypeAccess(type=codes.ConsentType(t), access=ConsentAccess(a.value))
                for t, a in sorted(scope.types.items())
            ]
            if scope.types is not None
            else None
        )
        return cls(brand_ids=brands, types=types)


@strawberry.input(description="A new scope: null lists mean no limit on that axis.")
class AccessScopeInput:
    brand_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only these brands; null for every brand."
    )
    types: list[TypeAccessInput] | None = strawberry.field(
        default=None, description="Only these consent types; null for every type."
    )


def brand_pks(ids: list[strawberry.ID] | None) -> list[int | None] | None:
    """Brand primary keys; an id that is not a brand's stays None and is answered NOT_FOUND."""
    return [pk_of(i, "Brand") for i in ids] if ids is not None else None


def type_rights(types: list[TypeAccessInput] | None) -> dict[str, Access] | None:
    if types is None:
        return None
    return {codes.ConsentType(t.type).value: Access(t.access.name) for t in types}
