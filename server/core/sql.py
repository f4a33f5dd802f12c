"""The little SQL the ORM cannot express efficiently, written once for SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

_QMARK = re.compile(r"\?")


def is_postgres(conn: BaseDBAsyncClient) -> bool:
    return bool(conn.capabilities.dialect == "postgres")


def placeholders(conn: BaseDBAsyncClient, query: str) -> str:
    """Write queries with ``?``; PostgreSQL gets ``$1, $2, ...`` instead."""
    if not is_postgres(conn):
        return query
    counter = iter(range(1, 10_000))
    return _QMARK.sub(lambda _: f"${next(counter)}", query)


def db_time(conn: BaseDBAsyncClient, value: datetime | None) -> Any:
    """A datetime as the driver stores it: aware for asyncpg, tortoise's text form for SQLite."""
    if value is None or is_postgres(conn):
        return value
    return value.astimezone(UTC).isoformat(sep=" ")


def from_db_time(value: Any) -> datetime | None:
    """A datetime read by raw SQL (SQLite hands back text), always aware UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def any_of(conn: BaseDBAsyncClient, column: str) -> str:
    """``column`` matches any element of one list parameter (a JSON array on SQLite)."""
    # ``column`` is always a constant of ours, never input.
    if is_postgres(conn):
        return f"{column} = ANY(?::text[])"
    return f"{column} IN (SELECT value FROM json_each(?))"


def list_param(conn: BaseDBAsyncClient, values: Sequence[str]) -> Any:
    if is_postgres(conn):
        return list(values)
    return json.dumps(list(values))


async def fetch(conn: BaseDBAsyncClient, query: str, params: Sequence[Any]) -> list[Any]:
    _, rows = await conn.execute_query(placeholders(conn, query), list(params))
    return list(rows)


async def execute_many(conn: BaseDBAsyncClient, query: str, rows: Sequence[Sequence[Any]]) -> None:
    if rows:
        await conn.execute_many(placeholders(conn, query), [list(r) for r in rows])


async def copy_records(
    conn: BaseDBAsyncClient, table: str, columns: Sequence[str], records: Sequence[Sequence[Any]]
) -> None:
    """COPY ``records`` into ``table`` (PostgreSQL) on ``conn``'s own connection.

    Inside ``in_transaction()`` that is the transaction's pinned asyncpg connection, so the rows
    belong to the transaction (and see its ``set_config`` settings). The binary COPY format
    carries any text as is: tabs, newlines and backslashes need no escaping.
    """
    if not records:
        return
    async with conn.acquire_connection() as raw:
        await raw.copy_records_to_table(table, records=records, columns=list(columns))
