"""Creating providers and brands."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import NotFoundError, ValidationError
from schema.permissions import CanAdminister
from schema.providers.inputs import CreateBrandInput, CreateProviderInput
from schema.providers.types import Brand, Provider
from schema.relay import pk_of
from tenants.providers import services

INPUT = strawberry.argument(description="What to create.")
ProviderResult = Annotated[
    Provider | ValidationError,
    strawberry.union("ProviderResult", description="The new provider, or why not."),
]
BrandResult = Annotated[
    Brand | ValidationError | NotFoundError,
    strawberry.union("BrandResult", description="The new brand, or why not."),
]


@strawberry.type
class ProviderMutation:
    @strawberry.mutation(
        description="Adds a service provider to your tenant.", permission_classes=[CanAdminister]
    )
    async def create_provider(
        self, info: Info, input: Annotated[CreateProviderInput, INPUT]
    ) -> ProviderResult:
        principal = info.context.require_principal()
        row = await services.create_provider(
            principal.tenant_id,
            services.NewProvider(input.title, input.iys_code, input.tin, input.mersis),
            actor=principal,
        )
        return Provider.from_model(row)

    @strawberry.mutation(
        description="Adds a brand to one of your providers.", permission_classes=[CanAdminister]
    )
    async def create_brand(
        self, info: Info, input: Annotated[CreateBrandInput, INPUT]
    ) -> BrandResult:
        data = services.NewBrand(
            pk_of(input.provider_id, "Provider"), input.name, input.brand_code, bool(input.master)
        )
        principal = info.context.require_principal()
        row = await services.create_brand(principal.tenant_id, data, actor=principal)
        return Brand.from_model(row)
