"""Who is calling: resolved once per request from the bearer token, read by everything else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class RoleRank(IntEnum):
    """Roles ordered by power, so a check is a comparison."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3
    OWNER = 4


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user of one tenant (API keys will share this shape)."""

    tenant_id: int
    user_id: int
    role: str
    session_id: int | None = None

    def has_role(self, minimum: str) -> bool:
        return RoleRank[self.role] >= RoleRank[minimum]
