"""Running the team: invitations, users, passwords, API keys and tenant settings.

Roles are declared here with permission classes; scope rules, the role ladder and the audit
live in the services, which get the principal.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.accounts.access import brand_pks, type_rights
from schema.accounts.mutations import auth_result
from schema.accounts.team_inputs import (
    AcceptInvitationInput,
    ChangePasswordInput,
    CreateApiKeyInput,
    DeleteTenantInput,
    InviteUserInput,
    RequestPasswordResetInput,
    ResetPasswordInput,
    UpdateTenantInput,
    UpdateUserInput,
)
from schema.accounts.team_types import (
    INVITATION_LINK,
    ApiKey,
    ApiKeyResult,
    CreateApiKeyResult,
    CreatedApiKey,
    CreatedInvitation,
    DeletedTenant,
    DeleteTenantResult,
    Invitation,
    InviteUserResult,
    TenantResult,
    UserResult,
)
from schema.accounts.types import AuthResult, Tenant, User
from schema.context import Info
from schema.permissions import CanAdminister, IsOwner, IsUser
from schema.relay import pk_of
from tenants.accounts import api_keys, resets, team
from tenants.core import services as tenant_services

INPUT = strawberry.argument(description="What to do.")


@strawberry.type
class TeamMutation:
    @strawberry.mutation(
        description="Invites a user by a one-time link, valid 7 days; shows the link once.",
        permission_classes=[CanAdminister],
    )
    async def invite_user(
        self, info: Info, input: Annotated[InviteUserInput, INPUT]
    ) -> InviteUserResult:
        data = team.NewInvitation(
            input.email, input.role.name, brand_pks(input.brand_ids), type_rights(input.types)
        )
        days = info.context.runtime.settings.invitation_days
        created = await team.invite_user(info.context.require_principal(), data, days)
        return CreatedInvitation(
            invitation=Invitation.from_model(created.invitation),
            token=created.token,
            link=INVITATION_LINK.format(token=created.token),
        )

    @strawberry.mutation(
        description="Joins the tenant with an invitation token and signs the new user in; a "
        "wrong, expired or used token is INVALID_INVITATION."
    )
    async def accept_invitation(
        self, info: Info, input: Annotated[AcceptInvitationInput, INPUT]
    ) -> AuthResult:
        context = info.context
        data = team.Acceptance(input.token, input.password, input.full_name)
        return await auth_result(info, team.accept_invitation(context.runtime, data, context.meta))

    @strawberry.mutation(
        description="Changes another user's role, scope, status or name; a role or status "
        "change ends that user's sessions at once.",
        permission_classes=[CanAdminister],
    )
    async def update_user(self, info: Info, input: Annotated[UpdateUserInput, INPUT]) -> UserResult:
        scope = (
            team.ScopeChange(brand_pks(input.scope.brand_ids), type_rights(input.scope.types))
            if input.scope is not None
            else None
        )
        changes = team.UserChanges(
            role=input.role.name if input.role else None,
            active=input.active,
            scope=scope,
            full_name=input.full_name,
        )
        principal = info.context.require_principal()
        row = await team.update_user(principal, pk_of(input.id, "User"), changes)
        return User.from_model(row)

    @strawberry.mutation(
        description="Sets a new password, ends every session of the user and starts a new one.",
        permission_classes=[IsUser],
    )
    async def change_password(
        self, info: Info, input: Annotated[ChangePasswordInput, INPUT]
    ) -> AuthResult:
        context = info.context
        pending = team.change_password(
            context.runtime, context.require_principal(), input.current_password, input.new_password
        )
        return await auth_result(info, pending)

    @strawberry.mutation(
        description="E-mails a one-time reset link if the account exists; always answers true."
    )
    async def request_password_reset(
        self, info: Info, input: Annotated[RequestPasswordResetInput, INPUT]
    ) -> bool:
        context = info.context
        data = resets.ResetRequest(input.tenant, input.email)
        await resets.request_password_reset(context.runtime, data, context.meta)
        return True

    @strawberry.mutation(
        description="Sets a new password with a reset token and signs the user in; a wrong, "
        "expired or used token is INVALID_RESET_TOKEN."
    )
    async def reset_password(
        self, info: Info, input: Annotated[ResetPasswordInput, INPUT]
    ) -> AuthResult:
        context = info.context
        pending = resets.reset_password(context.runtime, input.token, input.password, context.meta)
        return await auth_result(info, pending)

    @strawberry.mutation(
        description="Creates an API key; its secret is shown in this answer only.",
        permission_classes=[CanAdminister],
    )
    async def create_api_key(
        self, info: Info, input: Annotated[CreateApiKeyInput, INPUT]
    ) -> CreateApiKeyResult:
        data = api_keys.NewApiKey(
            input.name,
            input.role.name,
            brand_pks(input.brand_ids),
            type_rights(input.types),
            input.expires_at,
        )
        created = await api_keys.create_api_key(info.context.require_principal(), data)
        return CreatedApiKey(api_key=ApiKey.from_model(created.key), secret=created.secret)

    @strawberry.mutation(
        description="Revokes an API key at once.", permission_classes=[CanAdminister]
    )
    async def revoke_api_key(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The key's global id.")],
    ) -> ApiKeyResult:
        principal = info.context.require_principal()
        return ApiKey.from_model(await api_keys.revoke_api_key(principal, pk_of(id, "ApiKey")))

    @strawberry.mutation(
        description="Changes the tenant's name, default language or business-day rule.",
        permission_classes=[CanAdminister],
    )
    async def update_tenant(
        self, info: Info, input: Annotated[UpdateTenantInput, INPUT]
    ) -> TenantResult:
        changes = tenant_services.TenantChanges(
            input.name, input.language, input.strict_business_days
        )
        row = await tenant_services.update_tenant(info.context.require_principal(), changes)
        return Tenant.from_model(row)

    @strawberry.mutation(
        description="Deletes the tenant and all of its data: users, keys, consents, imports and "
        "their files, complaints and their screenshots, the audit trail. Every session ends and "
        "the slug becomes free. OWNER only.",
        permission_classes=[IsOwner],
    )
    async def delete_tenant(
        self, info: Info, input: Annotated[DeleteTenantInput, INPUT]
    ) -> DeleteTenantResult:
        context = info.context
        settings = context.runtime.settings
        slug = await tenant_services.delete_tenant(
            context.require_principal(), input.confirm_slug, settings.upload_dir, settings.data_dir
        )
        return DeletedTenant(slug=slug)
