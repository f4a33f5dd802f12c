"""Invitations and API keys as the API shows them, and the results of the team mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from schema.accounts.access import AccessScope
from schema.accounts.types import Role, Tenant, User
from schema.context import Context
from schema.errors import NotFoundError, ValidationError
from schema.loaders import loader
from schema.nodes import register_node
from schema.relay import Node, to_global_id
from server.core.clock import clock
from tenants.accounts import api_keys, models, team

INVITATION_LINK = "/accept-invitation#token={token}"


@strawberry.type(description="An invitation to join the tenant.")
class Invitation(Node):
    email: str = strawberry.field(description="Who is invited.")
    role: Role = strawberry.field(description="The role the user will have.")
    access: AccessScope = strawberry.field(description="The scope the user will have.")
    expires_at: datetime = strawberry.field(description="When the link stops working.")
    accepted: bool = strawberry.field(description="True once the link was used.")

    @classmethod
    def from_model(cls, row: models.Invitation) -> Invitation:
        return cls(
            id=strawberry.ID(to_global_id("Invitation", row.id)),
            email=row.email,
            role=Role(row.role.value),
            access=AccessScope.from_json(row.scope),
            expires_at=row.expires_at,
            accepted=row.accepted_at is not None,
        )


@strawberry.type(description="A new invitation and its one-time link, shown only this once.")
class CreatedInvitation:
    invitation: Invitation = strawberry.field(description="The invitation.")
    token: str = strawberry.field(description="The secret token; only its hash is stored.")
    link: str = strawberry.field(
        description="The path to send the invitee, relative to the app's address."
    )


@strawberry.type(description="A machine credential for integrations.")
class ApiKey(Node):
    name: str = strawberry.field(description="What the key is for.")
    role: Role = strawberry.field(description="The key's role.")
    access: AccessScope = strawberry.field(description="The brands and consent types it may use.")
    prefix: str = strawberry.field(
        description="The first characters of the secret, to tell keys apart."
    )
    created_at: datetime = strawberry.field(description="When the key was created.")
    expires_at: datetime | None = strawberry.field(description="When it stops working, if ever.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")

    @strawberry.field(description="True while the key is neither revoked nor expired.")
    def active(self) -> bool:
        expired = self.expires_at is not None and self.expires_at <= clock.now()
        return self.revoked_at is None and not expired

    @classmethod
    def from_model(cls, row: models.ApiKey) -> ApiKey:
        return cls(
            id=strawberry.ID(to_global_id("ApiKey", row.id)),
            name=row.name,
            role=Role(row.role.value),
            access=AccessScope.from_json(row.scope),
            prefix=row.prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type(description="A new API key and its secret, shown only this once.")
class CreatedApiKey:
    api_key: ApiKey = strawberry.field(description="The key.")
    secret: str = strawberry.field(
        description="Send as `Authorization: Bearer <secret>`; only its hash is stored."
    )


InviteUserResult = Annotated[
    CreatedInvitation | ValidationError | NotFoundError,
    strawberry.union("InviteUserResult", description="The invitation and its link, or why not."),
]
UserResult = Annotated[
    User | ValidationError | NotFoundError,
    strawberry.union("UserResult", description="The user as changed, or why not."),
]
CreateApiKeyResult = Annotated[
    CreatedApiKey | ValidationError | NotFoundError,
    strawberry.union("CreateApiKeyResult", description="The new key and its secret, or why not."),
]
ApiKeyResult = Annotated[
    ApiKey | NotFoundError,
    strawberry.union("ApiKeyResult", description="The key as it is now, or why not."),
]
TenantResult = Annotated[
    Tenant | ValidationError,
    strawberry.union("TenantResult", description="The tenant as changed, or why not."),
]


@strawberry.type(description="The tenant and all of its data are gone; its slug is free.")
class DeletedTenant:
    slug: str = strawberry.field(description="The slug the tenant had.")


DeleteTenantResult = Annotated[
    DeletedTenant | ValidationError,
    strawberry.union("DeleteTenantResult", description="The deletion done, or why not."),
]


def _administers(context: Context) -> bool:
    principal = context.principal
    return principal is not None and principal.has_role("ADMIN") and not principal.scope.limited


async def load_api_key(context: Context, pk: int) -> ApiKey | None:
    """Only administrators see keys; anyone else gets what a missing id gives."""
    if not _administers(context):
        return None
    row = await loader(context, "api_key", api_keys.api_keys_by_ids).load(pk)
    return ApiKey.from_model(row) if row else None


async def load_invitation(context: Context, pk: int) -> Invitation | None:
    """Only administrators see invitations; anyone else gets what a missing id gives."""
    if not _administers(context):
        return None
    row = await loader(context, "invitation", team.invitations_by_ids).load(pk)
    return Invitation.from_model(row) if row else None


register_node("ApiKey", load_api_key)
register_node("Invitation", load_invitation)
