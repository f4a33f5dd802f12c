"""Inputs of the team operations: invitations, users, passwords, API keys, tenant settings."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.accounts.access import AccessScopeInput, TypeAccessInput
from schema.accounts.types import Role

BRAND_IDS = "Only these brands (global ids); null or absent for every brand."
TYPES = "Only these consent types, each READ or WRITE; null or absent for every type."


@strawberry.input(description="Whom to invite, with which role and scope.")
class InviteUserInput:
    email: str = strawberry.field(description="The new user's e-mail address.")
    role: Role = strawberry.field(description="The role the user will have.")
    brand_ids: list[strawberry.ID] | None = strawberry.field(default=None, description=BRAND_IDS)
    types: list[TypeAccessInput] | None = strawberry.field(default=None, description=TYPES)


@strawberry.input(description="The invitation token and the new user's details.")
class AcceptInvitationInput:
    token: str = strawberry.field(description="The token of the invitation link.")
    password: str = strawberry.field(description="The new user's password (same rules as signUp).")
    full_name: str = strawberry.field(description="The new user's name, at most 200 characters.")


@strawberry.input(description="Changes to another user; absent fields stay as they are.")
class UpdateUserInput:
    id: strawberry.ID = strawberry.field(description="The user's global id.")
    role: Role | None = strawberry.field(default=None, description="A new role.")
    active: bool | None = strawberry.field(
        default=None, description="False deactivates the user and ends their sessions."
    )
    scope: AccessScopeInput | None = strawberry.field(
        default=None, description="A new scope; send {} to lift every limit."
    )
    full_name: str | None = strawberry.field(default=None, description="A new name.")


@strawberry.input(description="The current password and a new one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password used now.")
    new_password: str = strawberry.field(description="The new password (same rules as signUp).")


@strawberry.input(description="Which account forgot its password.")
class RequestPasswordResetInput:
    tenant: str = strawberry.field(description="The tenant's slug.")
    email: str = strawberry.field(description="The user's e-mail address.")


@strawberry.input(description="A reset token and the new password.")
class ResetPasswordInput:
    token: str = strawberry.field(description="The token of the reset link.")
    password: str = strawberry.field(description="The new password (same rules as signUp).")


@strawberry.input(description="A new API key.")
class CreateApiKeyInput:
    name: str = strawberry.field(description="What the key is for, at most 200 characters.")
    role: Role = strawberry.field(description="The key's role; at most ADMIN.")
    brand_ids: list[strawberry.ID] | None = strawberry.field(default=None, description=BRAND_IDS)
    types: list[TypeAccessInput] | None = strawberry.field(default=None, description=TYPES)
    expires_at: datetime | None = strawberry.field(
        default=None, description="When the key stops working; null for never."
    )


@strawberry.input(description="Tenant settings to change; absent fields stay as they are.")
class UpdateTenantInput:
    name: str | None = strawberry.field(default=None, description="The display name.")
    language: str | None = strawberry.field(
        default=None, description="Default message language: tr or en."
    )
    strict_business_days: bool | None = strawberry.field(
        default=None,
        description="True (default) refuses consents older than 3 business days (H467); "
        "false only flags them, for tenants migrating an archive.",
    )


@strawberry.input(description="Confirms the deletion of all of the tenant's data.")
class DeleteTenantInput:
    confirm_slug: str = strawberry.field(
        description="The tenant's slug, typed again to confirm; anything else is SLUG_MISMATCH."
    )
