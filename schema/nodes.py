"""``node(id:)``: each domain registers how to load its types, always within the caller's tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from schema.context import Context
from schema.relay import from_global_id

NodeLoader = Callable[[Context, int], Awaitable[Any | None]]
_loaders: dict[str, NodeLoader] = {}


def register_node(type_name: str, loader: NodeLoader) -> None:
    _loaders[type_name] = loader


async def load_node(context: Context, global_id: str) -> Any | None:
    """The object, or None when the id is malformed, unknown, or another tenant's."""
    decoded = from_global_id(global_id)
    if decoded is None:
        return None
    loader = _loaders.get(decoded[0])
    return await loader(context, decoded[1]) if loader else None
