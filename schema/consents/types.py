"""Consent, its movements and send decisions as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from schema.context import Context, Info
from schema.errors import Error
from schema.loaders import loader
from schema.nodes import register_node
from schema.providers.types import Brand, load_brand
from schema.relay import Node, to_global_id
from tenants.consents import codes, models, services

if TYPE_CHECKING:
    from schema.accounts.team_types import ApiKey
    from schema.accounts.types import User

# Accounts' types name consent types, so they are reached lazily here to avoid an import cycle.
LazyUser = Annotated["User", strawberry.lazy("schema.accounts.types")]
LazyApiKey = Annotated["ApiKey", strawberry.lazy("schema.accounts.team_types")]

# The domain's enums are the API's enums: registered here, used by their own names.
strawberry.enum(codes.ConsentType, description="The channel: call, SMS or e-mail.")
strawberry.enum(codes.ConsentStatus, description="ONAY may be messaged; RET not.")
strawberry.enum(
    codes.RecipientType, description="BIREYSEL (consumer, the default) or TACIR (trader)."
)
strawberry.enum(
    codes.ConsentSource, description="Where the consent came from; HS_* from you, IYS_* from İYS."
)
ConsentType = codes.ConsentType
ConsentStatus = codes.ConsentStatus
RecipientType = codes.RecipientType
ConsentSource = codes.ConsentSource


@strawberry.type(description="One accepted change of a consent.")
class ConsentMovement:
    status: ConsentStatus = strawberry.field(description="Status after this change.")
    source: ConsentSource | None = strawberry.field(description="Where it came from.")
    consent_date: datetime | None = strawberry.field(description="When the recipient gave it.")
    creation_date: datetime = strawberry.field(description="When this system recorded it.")
    transaction_id: str = strawberry.field(description="64 hex characters, unique per movement.")
    late: bool = strawberry.field(
        description="True when consentDate was more than three business days before it was "
        "recorded, accepted only because the tenant does not enforce H467 strictly."
    )
    actor_user_pk: strawberry.Private[int | None]
    actor_key_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: models.ConsentMovement) -> ConsentMovement:
        return cls(
            status=codes.ConsentStatus(row.status),
            source=codes.ConsentSource(row.source) if row.source else None,
            consent_date=row.consent_date,
            creation_date=row.creation_date,
            transaction_id=row.transaction_id,
            late=row.late,
            actor_user_pk=row.actor_user_id,
            actor_key_pk=row.actor_key_id,
        )

    @strawberry.field(description="The user who recorded or imported this change, if a user did.")
    async def actor_user(self, info: Info) -> LazyUser | None:
        from schema.accounts.types import load_user

        pk = self.actor_user_pk
        return await load_user(info.context, pk) if pk is not None else None

    @strawberry.field(
        description="The API key that recorded this change, if a key did; visible to admins."
    )
    async def actor_api_key(self, info: Info) -> LazyApiKey | None:
        from schema.accounts.team_types import load_api_key

        pk = self.actor_key_pk
        return await load_api_key(info.context, pk) if pk is not None else None


@strawberry.type(description="A recipient's consent for one brand, channel and recipient type.")
class Consent(Node):
    recipient: str = strawberry.field(description="+905XXXXXXXXX (E.164) or a lowercase e-mail.")
    type: ConsentType = strawberry.field(description="The channel.")
    recipient_type: RecipientType = strawberry.field(description="Consumer or trader.")
    status: ConsentStatus = strawberry.field(description="The latest status.")
    source: ConsentSource | None = strawberry.field(description="The latest source.")
    consent_date: datetime | None = strawberry.field(
        description="When the recipient gave or withdrew it (latest movement)."
    )
    creation_date: datetime = strawberry.field(description="When the latest movement was recorded.")
    transaction_id: str = strawberry.field(description="The latest movement's transaction id.")
    pk: strawberry.Private[int]
    brand_pk: strawberry.Private[int]
    known_brand: strawberry.Private[Brand | None] = None

    @classmethod
    def from_model(cls, row: models.Consent, brand: Brand | None = None) -> Consent:
        return cls(
            id=strawberry.ID(to_global_id("Consent", row.id)),
            recipient=row.recipient,
            type=codes.ConsentType(row.type),
            recipient_type=codes.RecipientType(row.recipient_type),
            status=codes.ConsentStatus(row.status),
            source=codes.ConsentSource(row.source) if row.source else None,
            consent_date=row.consent_date,
            creation_date=row.creation_date,
            transaction_id=row.transaction_id,
            pk=row.id,
            brand_pk=row.brand_id,
            known_brand=brand if brand is not None and brand.pk == row.brand_id else None,
        )

    @strawberry.field(description="The brand the consent belongs to.")
    def brand(self, info: Info) -> Brand:
        # A page of one brand's consents carries the brand it was read with, so the field
        # resolves at once; otherwise it returns the loader's awaitable, which graphql-core
        # awaits. A plain async resolver would make every row of a page a task of its own.
        if self.known_brand is not None:
            return self.known_brand
        loading: Any = _brand_of(info.context, self.brand_pk)
        return loading  # type: ignore[no-any-return]

    @strawberry.field(description="Every movement of this consent, newest first.")
    async def history(self, info: Info) -> list[ConsentMovement]:
        rows = await loader(info.context, "history", services.histories).load(self.pk)
        return [ConsentMovement.from_model(r) for r in rows or []]


@strawberry.type(description="Whether one recipient may be messaged now, and why.")
class SendDecision:
    recipient: str = strawberry.field(description="Exactly as given.")
    normalized_recipient: str | None = strawberry.field(
        description="The normalised address; null when it could not be read."
    )
    allowed: bool = strawberry.field(description="True when a message may be sent.")
    reason: str = strawberry.field(
        description="ONAY, RET, NO_CONSENT, TACIR_NO_RECORD, INVALID_RECIPIENT or TYPE_MISMATCH."
    )


@strawberry.type(description="İYS refused the consent; code is İYS's own (H174, H175, ...).")
class ConsentRejected(Error):
    field: str | None = strawberry.field(description="The input field at fault, if one is.")


async def _brand_of(context: Context, brand_pk: int) -> Brand:
    brand = await load_brand(context, brand_pk)
    assert brand is not None  # same tenant by construction
    return brand


async def load_consent(context: Context, pk: int) -> Consent | None:
    """A consent the caller may read; a brand or type outside its scope answers like a miss."""
    row = await services.get_consent(context.tenant_id, pk, context.require_principal().scope)
    return Consent.from_model(row) if row else None


register_node("Consent", load_consent)
