"""Recording consents."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types.field import StrawberryField

from schema.consents.inputs import RecordConsentInput
from schema.consents.types import Consent, ConsentRejected
from schema.context import Info
from schema.errors import NotFoundError
from schema.permissions import CanEdit
from schema.relay import pk_of
from tenants.consents import services
from tenants.consents.rules import ConsentInput, RuleViolation

ConsentResult = Annotated[
    Consent | ConsentRejected | NotFoundError,
    strawberry.union("ConsentResult", description="The consent as stored, or İYS's refusal."),
]


class RuleViolationHandler(strawberry.ExceptionHandler[RuleViolation, ConsentRejected]):
    def handle(
        self, exception: RuleViolation, *, field: StrawberryField, info: strawberry.Info
    ) -> ConsentRejected:
        return ConsentRejected(
            code=exception.code.value,
            message=exception.message(info.context.lang),
            field=exception.field,
        )


@strawberry.type
class ConsentMutation:
    @strawberry.mutation(
        description="Records a consent or a rejection under every İYS rule; refusals carry "
        "İYS's code.",
        permission_classes=[CanEdit],
    )
    async def record_consent(
        self,
        info: Info,
        input: Annotated[RecordConsentInput, strawberry.argument(description="The change.")],
    ) -> ConsentResult:
        raw = ConsentInput(
            recipient=input.recipient,
            type=input.type.value,
            status=input.status.value,
            source=input.source.value if input.source else None,
            consent_date=input.consent_date,
            recipient_type=input.recipient_type.value,
        )
        principal = info.context.require_principal()
        row = await services.record_consent(
            principal.tenant_id, pk_of(input.brand_id, "Brand"), raw, actor=principal
        )
        return Consent.from_model(row)
