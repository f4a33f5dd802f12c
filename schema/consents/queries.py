"""Reading consents and the send check."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.consents.inputs import ConsentFilter
from schema.consents.types import Consent, ConsentType, RecipientType, SendDecision
from schema.context import Info
from schema.permissions import CanRead
from schema.providers.types import Brand
from schema.relay import Connection, build_connection, decode_cursor, page_size, pk_of
from tenants.consents import codes, services

BRAND_ID = strawberry.argument(description="The brand's global id.")


def _filter(flt: ConsentFilter | None) -> services.ConsentFilter:
    if flt is None:
        return services.ConsentFilter()
    return services.ConsentFilter(
        recipient=flt.recipient,
        type=flt.type.value if flt.type else None,
        status=flt.status.value if flt.status else None,
        source=flt.source.value if flt.source else None,
        recipient_type=flt.recipient_type.value if flt.recipient_type else None,
        consent_date_from=flt.consent_date_from,
        consent_date_to=flt.consent_date_to,
    )


@strawberry.type
class ConsentQuery:
    @strawberry.field(description="A brand's consents, newest first.", permission_classes=[CanRead])
    async def consents(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, BRAND_ID],
        filter: Annotated[
            ConsentFilter | None, strawberry.argument(description="Optional narrowing.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, ≤ 500.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue.")] = None,
    ) -> Connection[Consent]:
        principal, limit, flt = info.context.require_principal(), page_size(first), _filter(filter)
        tenant_id, scope, brand_pk = principal.tenant_id, principal.scope, pk_of(brand_id, "Brand")
        brand, rows = await services.list_consents(
            tenant_id, brand_pk, flt, decode_cursor(after), limit, scope
        )
        shown_brand = Brand.from_model(brand)
        return build_connection(
            [Consent.from_model(r, shown_brand) for r in rows],
            [r.id for r in rows],
            limit,
            lambda: services.count_consents(tenant_id, brand_pk, flt, scope),
        )

    @strawberry.field(
        description="One consent, for any spelling of the recipient; null when there is none.",
        permission_classes=[CanRead],
    )
    async def consent(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, BRAND_ID],
        recipient: Annotated[str, strawberry.argument(description="Any spelling of the address.")],
        type: Annotated[ConsentType, strawberry.argument(description="The channel.")],
        recipient_type: Annotated[
            RecipientType, strawberry.argument(description="BIREYSEL (default) or TACIR.")
        ] = codes.RecipientType.BIREYSEL,
    ) -> Consent | None:
        principal = info.context.require_principal()
        row = await services.find_consent(
            principal.tenant_id,
            pk_of(brand_id, "Brand"),
            recipient,
            codes.ConsentType(type),
            codes.RecipientType(recipient_type),
            principal.scope,
        )
        return Consent.from_model(row) if row else None

    @strawberry.field(
        description="Up to 10,000 recipients per call; answers in the order given.",
        permission_classes=[CanRead],
    )
    async def check_consents(
        self,
        info: Info,
        brand_id: Annotated[strawberry.ID, BRAND_ID],
        type: Annotated[ConsentType, strawberry.argument(description="The channel to send on.")],
        recipients: Annotated[
            list[str], strawberry.argument(description="Addresses in any spelling, ≤ 10,000.")
        ],
        recipient_type: Annotated[
            RecipientType, strawberry.argument(description="BIREYSEL (default) or TACIR.")
        ] = codes.RecipientType.BIREYSEL,
    ) -> list[SendDecision]:
        principal = info.context.require_principal()
        decisions = await services.check_consents(
            principal.tenant_id,
            pk_of(brand_id, "Brand"),
            codes.ConsentType(type),
            codes.RecipientType(recipient_type),
            recipients,
            info.context.runtime.settings.check_max_recipients,
            principal.scope,
        )
        return [
            SendDecision(
                recipient=d.recipient,
                normalized_recipient=d.normalized_recipient,
                allowed=d.allowed,
                reason=d.reason,
            )
            for d in decisions
        ]
