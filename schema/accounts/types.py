"""Tenant, User and the sign-in results as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from schema.accounts.access import AccessScope
from schema.context import Context, Info
from schema.errors import Error
from schema.loaders import loader
from schema.nodes import register_node
from schema.relay import Node, to_global_id
from server.core.errors import AppError
from server.core.tenancy import as_tenant
from tenants.accounts import models, services
from tenants.core.models import Tenant as TenantRow


@strawberry.enum(name="Role", description="What a user may do in its tenant, most powerful first.")
class Role(Enum):
    OWNER = strawberry.enum_value("OWNER", description="Everything, including the tenant itself.")
    ADMIN = strawberry.enum_value("ADMIN", description="Users, providers and brands.")
    EDITOR = strawberry.enum_value("EDITOR", description="Records and imports consents.")
    VIEWER = strawberry.enum_value("VIEWER", description="Reads everything, changes nothing.")


@strawberry.type(description="An agency or service provider: the owner of all other data.")
class Tenant(Node):
    name: str = strawberry.field(description="The tenant's display name.")
    slug: str = strawberry.field(description="Short unique name, used to sign in.")
    language: str = strawberry.field(
        description="Default message language (tr or en) when a request sends no preference."
    )
    strict_business_days: bool = strawberry.field(
        description="True refuses consents older than 3 business days (H467); false only "
        "flags them."
    )

    @classmethod
    def from_model(cls, row: TenantRow) -> Tenant:
        return cls(
            id=strawberry.ID(to_global_id("Tenant", row.id)),
            name=row.name,
            slug=row.slug,
            language=row.language,
            strict_business_days=row.strict_business_days,
        )


@strawberry.type(description="A person who signs in to one tenant.")
class User(Node):
    email: str = strawberry.field(description="Lower-case e-mail address, unique in the tenant.")
    full_name: str = strawberry.field(description="The person's name.")
    role: Role = strawberry.field(description="What the user may do.")
    active: bool = strawberry.field(description="False once the user may no longer sign in.")
    access: AccessScope = strawberry.field(description="The brands and consent types it may use.")
    tenant_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.User) -> User:
        return cls(
            id=strawberry.ID(to_global_id("User", row.id)),
            email=row.email,
            full_name=row.full_name,
            role=Role(row.role.value),
            active=row.active,
            access=AccessScope.from_json(row.scope),
            tenant_pk=row.tenant_id,
        )

    @strawberry.field(description="The tenant the user belongs to.")
    async def tenant(self, info: Info) -> Tenant:
        # A user reached here was authorised already; a freshly signed-in one has no principal
        # in this operation yet, so its tenant is read as the user's own tenant.
        with as_tenant(self.tenant_pk):
            row = await _tenant_loader(info.context).load(self.tenant_pk)
        assert row is not None  # a user's tenant exists as long as the user does
        return Tenant.from_model(row)


@strawberry.type(description="A successful sign-in: a token pair and the signed-in user.")
class AuthPayload:
    access_token: str = strawberry.field(
        description="Short-lived JWT for `Authorization: Bearer <accessToken>`."
    )
    refresh_token: str = strawberry.field(
        description="Opaque token for refreshSession and logout; keep it secret, use it once."
    )
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")
    user: User = strawberry.field(description="The signed-in user.")

    @classmethod
    def from_signed_in(cls, signed_in: services.SignedIn) -> AuthPayload:
        return cls(
            access_token=signed_in.access_token,
            refresh_token=signed_in.refresh_token,
            expires_in=signed_in.expires_in,
            user=User.from_model(signed_in.user),
        )


@strawberry.type(
    description="Sign-up, sign-in or session failure: INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, "
    "INVALID_TOKEN, WEAK_PASSWORD, SLUG_TAKEN, INVALID_SLUG, RESERVED_SLUG, INVALID_EMAIL, ..."
)
class AuthError(Error):
    field: str | None = strawberry.field(
        description="The sign-up input field at fault; always null for sign-in failures."
    )

    @classmethod
    def from_exception(cls, exc: AppError, lang: str) -> AuthError:
        return cls(code=exc.code, message=exc.message(lang), field=exc.field)


AuthResult = Annotated[
    AuthPayload | AuthError,
    strawberry.union("AuthResult", description="A token pair, or why none was issued."),
]


def _tenant_loader(context: Context) -> DataLoader[int, TenantRow | None]:
    """Tenants of users already shown; works for anonymous callers (sign-up, login results)."""
    existing: DataLoader[int, TenantRow | None] | None = context.loaders.get("tenant")
    if existing is None:
        existing = DataLoader(load_fn=_load_tenants)
        context.loaders["tenant"] = existing
    return existing


async def _load_tenants(keys: Sequence[int]) -> list[TenantRow | None]:
    found = await services.tenants_by_ids(list(keys))
    return [found.get(key) for key in keys]


async def load_user(context: Context, pk: int) -> User | None:
    row = await loader(context, "user", services.users_by_ids).load(pk)
    return User.from_model(row) if row else None


async def load_tenant(context: Context, pk: int) -> Tenant | None:
    """Only the caller's own tenant; any other id answers like a missing one."""
    if pk != context.tenant_id:
        return None
    row = await _tenant_loader(context).load(pk)
    return Tenant.from_model(row) if row else None


register_node("User", load_user)
register_node("Tenant", load_tenant)
