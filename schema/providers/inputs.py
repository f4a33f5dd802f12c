"""Inputs of the provider and brand mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A new service provider.")
class CreateProviderInput:
    title: str = strawberry.field(description="Trade title, at most 255 characters.")
    iys_code: int = strawberry.field(description="İYS number, unique within your tenant.")
    tin: str = strawberry.field(description="VKN (10 digits) or TCKN (11 digits).")
    mersis: str | None = strawberry.field(default=None, description="MERSİS number, 16 digits.")


@strawberry.input(description="A new brand of one of your providers.")
class CreateBrandInput:
    provider_id: strawberry.ID = strawberry.field(description="The provider's global id.")
    name: str = strawberry.field(description="Brand name, at most 255 characters.")
    brand_code: int = strawberry.field(description="İYS brand code, unique within the provider.")
    master: bool | None = strawberry.field(
        default=False, description="True for the provider's main brand."
    )
