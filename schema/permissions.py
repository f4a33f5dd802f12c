"""Permission classes declared on fields; resolvers never check roles by hand."""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission

from schema.context import Info
from server.core.errors import PermissionDenied


class IsAuthenticated(BasePermission):
    """Any signed-in caller; anonymous callers get UNAUTHENTICATED."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.require_principal()
        return True


class _MinimumRole(BasePermission):
    minimum: ClassVar[str]

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if not info.context.require_principal().has_role(self.minimum):
            raise PermissionDenied()
        return True


class CanRead(_MinimumRole):
    minimum = "VIEWER"


class CanEdit(_MinimumRole):
    """EDITOR and above: record and import consents."""

    minimum = "EDITOR"


class CanAdminister(_MinimumRole):
    """ADMIN and above with every brand: providers, brands, users, keys, settings, audit.

    A brand-limited principal administers nothing, so it can never widen its own scope or
    create what it would not be allowed to see.
    """

    minimum = "ADMIN"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        super().has_permission(source, info, **kwargs)
        if info.context.require_principal().scope.limited:
            raise PermissionDenied()
        return True


class IsOwner(CanAdminister):
    """OWNER with every brand: deleting the tenant's data."""

    minimum = "OWNER"


class IsUser(BasePermission):
    """A signed-in person, not an API key: for one's own password."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.require_principal().user_id is None:
            raise PermissionDenied()
        return True
