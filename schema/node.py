"""The ``node`` root field."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.nodes import load_node
from schema.relay import Node


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null when missing or not yours.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        if info.context.principal is None:
            return None
        return await load_node(info.context, str(id))
