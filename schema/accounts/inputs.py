"""Inputs of the sign-up and sign-in mutations."""

from __future__ import annotations

import strawberry

from tenants.accounts import services


@strawberry.input(description="A new tenant and its first user, who becomes OWNER.")
class SignUpInput:
    tenant_name: str = strawberry.field(description="The tenant's display name, at most 200.")
    tenant_slug: str | None = strawberry.field(
        default=None,
        description="Short unique name used to sign in: 3-63 of a-z, 0-9 and '-', not starting "
        "or ending with '-'. Derived from tenantName when absent.",
    )
    email: str = strawberry.field(description="The owner's e-mail address.")
    password: str = strawberry.field(
        description="At least 10 characters of at least two kinds (lower, upper, digit, symbol), "
        "without the e-mail's name part or the slug, and not a common password."
    )
    full_name: str = strawberry.field(description="The owner's name, at most 200 characters.")

    def to_account(self) -> services.NewAccount:
        return services.NewAccount(
            self.tenant_name, self.tenant_slug, self.email, self.password, self.full_name
        )


@strawberry.input(description="Credentials of a user of one tenant.")
class LoginInput:
    tenant: str = strawberry.field(description="The tenant's slug.")
    email: str = strawberry.field(description="The user's e-mail address.")
    password: str = strawberry.field(description="The user's password.")

    def to_credentials(self) -> services.Credentials:
        return services.Credentials(self.tenant, self.email, self.password)
