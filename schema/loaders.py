"""Per-request data loaders, created lazily and always keyed within the caller's tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from schema.context import Context

K = TypeVar("K")
V = TypeVar("V")


def loader(
    context: Context,
    name: str,
    fetch: Callable[[int, list[K]], Awaitable[dict[K, V]]],
) -> DataLoader[K, V | None]:
    """The request's loader ``name``; ``fetch(tenant_id, keys)`` returns found rows by key."""
    existing: Any = context.loaders.get(name)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    tenant_id = context.tenant_id

    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await fetch(tenant_id, list(keys))
        return [found.get(key) for key in keys]

    created: DataLoader[K, V | None] = DataLoader(load_fn=load)
    context.loaders[name] = created
    return created
