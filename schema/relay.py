"""Global ids, the Node interface and bounded Relay connections with opaque keyset cursors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from server.core.errors import ValidationFailed
from server.core.parsing import canonical_number

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
T = TypeVar("T")


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, int] | None:
    """(type name, primary key), or None for anything that is not one of our ids."""
    if not global_id or len(global_id) > 120:
        return None
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, pk = raw.partition(":")
    # ASCII digits only ("²" and "٣" are digits to str.isdigit), without leading zeros: one
    # object has one id.
    number = canonical_number(pk)
    if not type_name or number is None:
        return None
    return type_name, number


def pk_of(global_id: str | strawberry.ID, type_name: str) -> int | None:
    """The primary key when ``global_id`` names a ``type_name``, else None (answered as missing)."""
    decoded = from_global_id(str(global_id))
    if decoded is None or decoded[0] != type_name:
        return None
    return decoded[1]


@strawberry.interface(description="An object with a global, opaque id.")
class Node:
    id: strawberry.ID = strawberry.field(description="The opaque global id of the object.")


@strawberry.type(description="Where a page ends and whether more follow.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when another page follows.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page; null for an empty page."
    )


@strawberry.type(description="One item of a page and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of items in a stable order.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match, over all pages.")
    async def total_count(self) -> int:
        return await self._count()


def page_size(first: int | None) -> int:
    """The validated page size: default 50, at most 500."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0 or first > MAX_PAGE_SIZE:
        raise ValidationFailed("INVALID_PAGE_SIZE", field="first", max=MAX_PAGE_SIZE)
    return first


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"c:{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The position after which the page starts; a malformed cursor is a clear input error."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    prefix, _, value = raw.partition(":")
    # As the global ids: ASCII digits without leading zeros, one spelling per position.
    position = canonical_number(value)
    if prefix != "c" or position is None:
        raise ValidationFailed("INVALID_CURSOR", field="after")
    return position


def build_connection(
    nodes: Sequence[T],
    positions: Sequence[int],
    limit: int,
    count: Callable[[], Awaitable[int]],
) -> Connection[T]:
    """A page from ``limit + 1`` fetched rows: the extra row only says that more follow."""
    shown = list(nodes[:limit])
    edges = [
        Edge(cursor=encode_cursor(pos), node=node)
        for node, pos in zip(shown, positions, strict=False)
    ]
    info = PageInfo(
        has_next_page=len(nodes) > limit, end_cursor=edges[-1].cursor if edges else None
    )
    return Connection(edges=edges, page_info=info, _count=count)
