"""Users and their sign-in sessions."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields

from tenants.core.models import TenantScopedModel


class Role(StrEnum):
    OWNER = "OWNER"
    ADMIN = "ADMIN"
    EDITOR = "EDITOR"
    VIEWER = "VIEWER"


class User(TenantScopedModel):
    """A person who signs in to one tenant, e-mails are unique within the tenant."""

    email = fields.CharField(max_length=254)
    full_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=10)
    active = fields.BooleanField(default=True)
    scope: fields.JSONField[Any] = fields.JSONField(null=True)
    session_version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_user"
        unique_together = (("tenant", "email"),)


class AuthSession(TenantScopedModel):
    """One sign-in, a chain of refresh tokens, revoked as a whole on token reuse or logout."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "auth_session"


class RefreshToken(TenantScopedModel):
    """A refresh token, stored only as its SHA-256, used_at is set when it is rotated."""

    session: fields.ForeignKeyRelation[AuthSession] = fields.ForeignKeyField(
        "models.AuthSession", related_name=False, on_delete=fields.CASCADE
    )
    session_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_token"


class Invitation(TenantScopedModel):
    """A one-time link to join the tenant, stored only as the SHA-256 of its token."""

    email = fields.CharField(max_length=254)
    role = fields.CharEnumField(Role, max_length=10)
    scope: fields.JSONField[Any] = fields.JSONField(null=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    invited_by_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    accepted_user_id = fields.BigIntField(null=True)

    class Meta:
        table = "invitation"
        indexes = (("tenant_id", "email"),)


class PasswordReset(TenantScopedModel):
    """A one-time password reset token of one user, stored only as its SHA-256."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_reset"


class ApiKey(TenantScopedModel):
    """A machine credential with a role and a scope, stored only as the SHA-256 of its secret."""

    name = fields.CharField(max_length=200)
    role = fields.CharEnumField(Role, max_length=10)
    scope: fields.JSONField[Any] = fields.JSONField(null=True)
    prefix = fields.CharField(max_length=16)
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_by_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"
